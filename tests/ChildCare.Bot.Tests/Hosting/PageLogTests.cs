using System.Net;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Officials;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChildCare.Bot.Tests.Hosting;

/// <summary>What an officials' page view writes to the log: nothing about caching on every view.</summary>
public sealed class PageLogTests
{
    [Fact]
    public async Task PageWithAForm_LogsNoCacheHeaderWarning_WhenAnOfficialOpensIt()
    {
        using var logs = new CapturingLoggerProvider();
        await using var factory = new ChildCareAppFactory(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });
        await using var app = factory.WithWebHostBuilder(builder => builder.ConfigureLogging(l => l.AddProvider(logs)));
        using var client = app.CreateClient();
        await CamTanPlan.ImportAsync(client, "log-test");
        await CamTanPlan.JoinAsync(client, app.Services, 9101);

        var filed = await app.Services.GetRequiredService<CaseIntake>().FileAsync(new ReportDraft
        {
            Id = Guid.NewGuid(), StartedAt = TimeProvider.System.GetUtcNow(), ProvinceCode = "thanh-hoa", ProvinceAnswered = true,
            Commune = "Cẩm Tân", Category = CaseCategory.Neglect, Description = "Em bé bị bỏ đói", Anonymous = true,
        }, "telegram", 1, CancellationToken.None);
        var link = (await app.Services.GetRequiredService<OfficialSignIn>().IssueLinkAsync("telegram", 9101, CancellationToken.None))!;
        using var lan = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var opened = await lan.GetAsync(new Uri("/login/" + link.Token, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        }

        // The case page: forms (take, move, note...) with their antiforgery tokens.
        using var page = await lan.GetAsync(new Uri("/cases/" + Assert.IsType<ReportFiled>(filed).Code, UriKind.Relative));

        // The passkey sign-in page (its form's token comes from antiforgery too) and the signed-in sign-in page.
        using var passkey = await app.CreateClient().GetAsync(new Uri(Pages.Accounts.AccountEndpoints.PasskeyPath, UriKind.Relative));
        using var signedIn = await lan.GetAsync(new Uri("/login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, passkey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("__RequestVerificationToken", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("Cache-Control", StringComparison.Ordinal));
    }
}
