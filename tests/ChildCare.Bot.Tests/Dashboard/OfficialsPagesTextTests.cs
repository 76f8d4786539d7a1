using System.Net;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Officials;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Dashboard;

/// <summary>What the officials' pages say, in words rather than codes (an outside tester's findings).</summary>
public sealed class OfficialsPagesTextTests
{
    private const long Lan = 7401;

    [Fact]
    public async Task CasePageAndCsv_OfferOnlyOtherCommunes_AndNameTheOverdueColumn()
    {
        await using var app = await StartAsync();
        var code = await FileAsync(app, "thanh-hoa", "Cẩm Tân");
        using var lan = await Plans.PlanTestApp.SignedInAsync(app, Lan);

        var page = await PageAsync(lan, $"/cases/{code}");
        var csv = await PageAsync(lan, "/exports/cases.csv");

        Assert.Contains("<option value=\"Xã Cẩm Thủy\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"Xã Cẩm Tân\"", page, StringComparison.Ordinal);
        var header = csv.Split('\n')[0];
        Assert.Contains("\"Quá hạn\"", header, StringComparison.Ordinal);
        Assert.DoesNotContain("Chỉ vụ quá hạn", header, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attention_NamesTheProvince_AndTheSpentFirstLinkNamesNoWrongLifetime()
    {
        await using var app = await StartAsync();
        // Hà Nội has no unit here: the case waits for an administrator to route it.
        await FileAsync(app, "ha-noi", "Phường Ba Đình");
        var link = (await app.Services.GetRequiredService<OfficialSignIn>().IssueFirstAdministratorLinkAsync(CancellationToken.None))!;
        using var admin = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var opened = await admin.GetAsync(new Uri("/login/" + link.Token, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        }

        var attention = await PageAsync(admin, "/attention");
        using var spent = await app.CreateClient().GetAsync(new Uri("/login/" + link.Token, UriKind.Relative));
        var spentText = await spent.Content.ReadAsStringAsync();

        Assert.Contains(">Hà Nội<", attention, StringComparison.Ordinal);
        Assert.DoesNotContain(">ha-noi<", attention, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, spent.StatusCode);
        Assert.DoesNotContain("hết hạn sau 10 phút", spentText, StringComparison.Ordinal);
        Assert.Contains("chỉ dùng một lần", spentText, StringComparison.Ordinal);
    }

    private static async Task<ChildCareAppFactory> StartAsync()
    {
        var app = new ChildCareAppFactory(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });
        using var client = app.CreateClient();
        await CamTanPlan.ImportAsync(client, "texts-test", withCamThuy: true);
        await CamTanPlan.JoinAsync(client, app.Services, Lan);
        return app;
    }

    private static async Task<string> FileAsync(ChildCareAppFactory app, string province, string commune)
    {
        var outcome = await app.Services.GetRequiredService<CaseIntake>().FileAsync(new ReportDraft
        {
            Id = Guid.NewGuid(), StartedAt = TimeProvider.System.GetUtcNow(), ProvinceCode = province, ProvinceAnswered = true,
            Commune = commune, Category = CaseCategory.Neglect, Description = "Em bé bị bỏ đói", Anonymous = true,
        }, "telegram", Random.Shared.NextInt64(1, long.MaxValue), CancellationToken.None);
        return Assert.IsType<ReportFiled>(outcome).Code;
    }

    private static async Task<string> PageAsync(HttpClient browser, string url)
    {
        using var page = await browser.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }
}
