using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests;

/// <summary>
/// The small world most officials' tests start from: Thanh Hóa, its commune Cẩm Tân (and Cẩm Thủy when asked) and a
/// yearly report due 15/11 for Cẩm Tân's case workers, imported through the admin API; officials join by invite.
/// </summary>
internal static class CamTanPlan
{
    public const string Unit = "thanh-hoa/cam-tan";
    public const string OtherUnit = "thanh-hoa/cam-thuy";

    public static async Task ImportAsync(HttpClient client, string code, bool withCamThuy = false, string ruleTitle = "Báo cáo năm")
    {
        List<object> units =
        [
            new { code = "thanh-hoa", nameVi = "Tỉnh Thanh Hóa", nameEn = "Thanh Hoa province", kind = "Province" },
            new { code = Unit, nameVi = "Xã Cẩm Tân", nameEn = "Cam Tan commune", kind = "Commune", parent = "thanh-hoa" },
        ];
        if (withCamThuy)
        {
            units.Add(new { code = OtherUnit, nameVi = "Xã Cẩm Thủy", nameEn = "Cam Thuy commune", kind = "Commune", parent = "thanh-hoa" });
        }

        var plan = new
        {
            plan = new { code, titleVi = "Thử " + code },
            units,
            rules = new object[]
            {
                new { code = "yearly", units = new[] { Unit }, role = "ChildProtection", kind = "Deadline", titleVi = ruleTitle, titleEn = "Yearly report", recurrence = "yearly 15/11" },
            },
        };
        using var imported = await client.AdminPostAsJsonAsync("/api/admin/plans", plan);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
    }

    /// <summary>An official who joins <paramref name="unit"/> by an invite, from Telegram chat <paramref name="chat"/>.</summary>
    public static async Task JoinAsync(HttpClient client, IServiceProvider services, long chat, string? name = "Lan", string unit = Unit, string role = "ChildProtection")
    {
        using var invite = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit, role });
        var code = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await services.GetRequiredService<OfficialDesk>().JoinAsync(new ChatPerson("telegram", chat, Language.Vi, name), code, CancellationToken.None);
    }
}
