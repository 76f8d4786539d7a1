using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Plans;

/// <summary>Two communes of a district, and officials who join them, for the plan import tests.</summary>
internal static class PlanTestApp
{
    public const string District = "nghe-an/hung-nguyen";
    public const string Commune = "nghe-an/hung-nguyen/hung-loc";
    public const string OtherCommune = "nghe-an/hung-nguyen/hung-trung";

    public static async Task ImportUnitsAsync(ChildCareAppFactory app)
    {
        using var client = app.CreateClient();
        var plan = new
        {
            plan = new { code = "plans-test", titleVi = "Đơn vị thử" },
            units = new object[]
            {
                new { code = "nghe-an", nameVi = "Tỉnh Nghệ An", nameEn = "Nghe An province", kind = "Province" },
                new { code = District, nameVi = "Huyện Hưng Nguyên", nameEn = "Hung Nguyen district", kind = "District", parent = "nghe-an" },
                new { code = Commune, nameVi = "Xã Hưng Lộc", nameEn = "Hung Loc commune", kind = "Commune", parent = District },
                new { code = OtherCommune, nameVi = "Xã Hưng Trung", nameEn = "Hung Trung commune", kind = "Commune", parent = District },
            },
            rules = Array.Empty<object>(),
        };
        using var imported = await client.AdminPostAsJsonAsync("/api/admin/plans", plan);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
    }

    /// <summary>The chat joins <paramref name="unit"/> in <paramref name="role"/> with an invite, as /join does.</summary>
    public static async Task JoinAsync(ChildCareAppFactory app, long chatId, string unit, OfficialRole role = OfficialRole.ChildProtection)
    {
        using var client = app.CreateClient();
        using var invite = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit, role = role.ToString() });
        var code = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await app.Services.GetRequiredService<OfficialDesk>().JoinAsync(new ChatPerson("telegram", chatId, Language.Vi, "Lan"), code, CancellationToken.None);
    }

    /// <summary>A browser signed in as the official of <paramref name="chatId"/>.</summary>
    public static async Task<HttpClient> SignedInAsync(ChildCareAppFactory app, long chatId)
    {
        var link = (await app.Services.GetRequiredService<OfficialSignIn>().IssueLinkAsync("telegram", chatId, CancellationToken.None))!;
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var opened = await browser.GetAsync(new Uri("/login/" + link.Token, UriKind.Relative));
        Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        return browser;
    }

    public static string Seed(string name) => File.ReadAllText(Path.Combine(Testing.RepositoryPaths.Shared, "seeds", name));
}
