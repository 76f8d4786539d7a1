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
        using var imported = await PostAsync(admin, "api/admin/plans", plan);
        Assert.True(imported.StatusCode == HttpStatusCode.OK, $"Plan import: {(int)imported.StatusCode} {await imported.Content.ReadAsStringAsync()}");
    }

    /// <summary>A new invite code for <paramref name="unit"/> and <paramref name="role"/> (sent to the bot as /join CODE), for <paramref name="maxUses"/> officials.</summary>
    public static async Task<string> InviteAsync(HttpClient admin, string unit, string role = "ChildProtection", int maxUses = 1)
    {
        ArgumentNullException.ThrowIfNull(admin);
        using var response = await PostAsync(admin, "api/admin/invites", new { unit, role, maxUses });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    /// <summary>A post with the administration key: the client's own (a test with its own key) or the nodes' <see cref="NodeSettings.AdminKey"/>.</summary>
    private static async Task<HttpResponseMessage> PostAsync<T>(HttpClient admin, string path, T body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (!admin.DefaultRequestHeaders.Contains("X-Api-Key"))
        {
            request.Headers.Add("X-Api-Key", NodeSettings.AdminKey);
        }

        return await admin.SendAsync(request);
    }
}
