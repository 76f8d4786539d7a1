using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>What an administrator sets up over <c>/api/admin</c> before a test: units and invites.</summary>
internal static class AdminApi
{
    /// <summary>Thanh Hóa with two communes, Cẩm Tân and Cẩm Thủy ("xa cam tan" routes to the first), and any <paramref name="rules"/>.</summary>
    public static async Task ImportUnitsAsync(HttpClient admin, object[]? rules = null)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var plan = new
        {
            plan = new { code = "reliability", titleVi = "Đơn vị thử" },
            units = new object[]
            {
                new { code = "thanh-hoa", nameVi = "Tỉnh Thanh Hóa", nameEn = "Thanh Hoa province", kind = "Province" },
                new { code = "thanh-hoa/cam-tan", nameVi = "Xã Cẩm Tân", nameEn = "Cam Tan commune", kind = "Commune", parent = "thanh-hoa" },
                new { code = "thanh-hoa/cam-thuy", nameVi = "Xã Cẩm Thủy", nameEn = "Cam Thuy commune", kind = "Commune", parent = "thanh-hoa" },
            },
            rules = rules ?? [],
        };
        using var imported = await admin.PostAsJsonAsync(new Uri("api/admin/plans", UriKind.Relative), plan);
        Assert.True(imported.StatusCode == HttpStatusCode.OK, $"Plan import: {(int)imported.StatusCode} {await imported.Content.ReadAsStringAsync()}");
    }

    /// <summary>A new invite code for <paramref name="unit"/> and <paramref name="role"/> (sent to the bot as /join CODE), for <paramref name="maxUses"/> officials.</summary>
    public static async Task<string> InviteAsync(HttpClient admin, string unit, string role = "ChildProtection", int maxUses = 1)
    {
        ArgumentNullException.ThrowIfNull(admin);
        using var response = await admin.PostAsJsonAsync(new Uri("api/admin/invites", UriKind.Relative), new { unit, role, maxUses });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }
}
