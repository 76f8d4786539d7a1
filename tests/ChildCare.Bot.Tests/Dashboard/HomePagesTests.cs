using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Dashboard;

/// <summary>
/// What a person sees first: the landing page, the overview after sign-in, the pages that say why not (403, 404,
/// errors, styled at any depth), the case page's referral by commune name, and one read per opening.
/// </summary>
public sealed partial class HomePagesTests : IAsyncDisposable
{
    private const long Lan = 7301;
    private const long Minh = 7302;
    private ChildCareAppFactory? _app;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Landing_OffersTheChatSignInAndHotlines_VietnameseFirst()
    {
        var app = await StartAsync();
        using var anyone = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var html = await PageAsync(anyone, "/");
        var text = PageReader.Text(html);
        Assert.Contains("Báo tin / Hỏi số điện thoại", text, StringComparison.Ordinal);
        Assert.Contains("Cán bộ đăng nhập", text, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"vi\">", html, StringComparison.Ordinal);
        var links = PageReader.Links(html);
        Assert.Contains("chat?lang=vi", links);
        Assert.Contains("login", links);
        Assert.Contains("tel:111", links);
        Assert.Contains("tel:113", links);
        var english = await PageAsync(anyone, "/?lang=en");
        Assert.Contains("Report / Ask for a phone number", PageReader.Text(english), StringComparison.Ordinal);

        // The language chosen here goes on to the chat (chat.js sends it as the browser's language).
        Assert.Contains("chat?lang=en", PageReader.Links(english));
    }

    [Fact]
    public async Task Landing_SaysWhichNumberFirst_AsTheDangerDecides()
    {
        var app = await StartAsync();
        using var anyone = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var text = PageReader.Text(await PageAsync(anyone, "/"));

        // DOMAIN.md: 113 first for violence, abduction, threats; 115 first for injury, poisoning, suicide; then 111.
        Assert.Contains("bị đe doạ hay bị nhốt): gọi 113 trước", text, StringComparison.Ordinal);
        Assert.Contains("ngộ độc hay muốn tự tử: gọi 115 trước", text, StringComparison.Ordinal);
        Assert.DoesNotContain("gọi 113 trước, rồi 111", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_ShowsMyUnitsOpenCasesAndDeadlines_NotAnotherUnits()
    {
        var app = await StartAsync();
        var mine = await FileAsync(app, "cam tan");
        var theirs = await FileAsync(app, "cam thuy");
        using var lan = await Plans.PlanTestApp.SignedInAsync(app, Lan);

        var html = await PageAsync(lan, "/overview");
        var text = PageReader.Text(html);
        Assert.Contains("Tổng quan", text, StringComparison.Ordinal);
        Assert.Contains("Vụ việc đang mở của đơn vị tôi", text, StringComparison.Ordinal);
        Assert.Contains("Sắp hết hạn", text, StringComparison.Ordinal);
        Assert.Contains($"cases/{mine}", PageReader.Links(html));
        Assert.DoesNotContain(theirs, html, StringComparison.Ordinal);
        Assert.Contains("Hạn báo cáo", text, StringComparison.Ordinal);
        // Not an administrator: nothing of the units nobody joined.
        Assert.DoesNotContain("Đơn vị chưa có cán bộ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_NamesTheUnitsNobodyJoined_WithAnInviteLink_ForAnAdministrator()
    {
        var app = await StartAsync();
        var first = (await app.Services.GetRequiredService<OfficialSignIn>().IssueFirstAdministratorLinkAsync(CancellationToken.None))!;
        using var admin = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var opened = await admin.GetAsync(new Uri("/login/" + first.Token, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
            Assert.Equal("/overview", opened.Headers.Location?.AbsolutePath);
        }

        var html = await PageAsync(admin, "/overview");
        var text = PageReader.Text(html);
        Assert.Contains("Tỉnh Thanh Hóa — Chưa có cán bộ nào tham gia đơn vị này tạo lời mời", text, StringComparison.Ordinal);
        Assert.Contains("units?unit=thanh-hoa#invite", PageReader.Links(html));
        Assert.DoesNotContain("Xã Cẩm Tân — Chưa có", text, StringComparison.Ordinal);
        // Plain names, not codes, wherever a person reads a unit.
        Assert.DoesNotContain("thanh-hoa/cam-tan", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdministratorsPage_Answers403WithWhy_AndErrorPagesAreStyledAtAnyDepth()
    {
        var app = await StartAsync();
        using var lan = await Plans.PlanTestApp.SignedInAsync(app, Lan);

        using (var units = await lan.GetAsync(new Uri("/units", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, units.StatusCode);
            var html = await units.Content.ReadAsStringAsync();
            Assert.Contains("Lan", PageReader.Text(html), StringComparison.Ordinal);
            Assert.Contains("assets/dashboard.css", html, StringComparison.Ordinal);
        }

        // A browser asking for a page that is not there, three levels down: a page, and its stylesheet found from there.
        using var anyone = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var deep = new HttpRequestMessage(HttpMethod.Get, new Uri("/directory/places/9/nothing", UriKind.Relative));
        deep.Headers.Accept.ParseAdd("text/html");
        using var missing = await anyone.SendAsync(deep);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var page = await missing.Content.ReadAsStringAsync();
        Assert.Contains("href=\"../../../assets/dashboard.css\"", page, StringComparison.Ordinal);
        Assert.Contains("Không tìm thấy trang", PageReader.Text(page), StringComparison.Ordinal);

        // The API answers as an API, whoever asks: never a page.
        using var api = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/nothing", UriKind.Relative));
        api.Headers.Accept.ParseAdd("text/html");
        using var problem = await anyone.SendAsync(api);
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.DoesNotContain("<html", await problem.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A sign-in link that does not work: styled from /login/{token} too.
        using var link = new HttpRequestMessage(HttpMethod.Get, new Uri("/login/" + new string('A', 43), UriKind.Relative));
        using var refused = await anyone.SendAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("href=\"../assets/dashboard.css\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CasePage_OffersCommunesByName_AndReferringByTypedNameWorks_WithOneReadPerOpening()
    {
        var app = await StartAsync();
        var code = await FileAsync(app, "cam tan");
        using var lan = await Plans.PlanTestApp.SignedInAsync(app, Lan);

        // The case's alert to its unit is written by a job, whenever it runs: once it is in, the last line of the
        // case is the reader's own from here on.
        await Telegram.TelegramChannelTests.Eventually(async () => await EventsAsync(app, code, CaseAction.Alerted) > 0);

        var html = await PageAsync(lan, $"/cases/{code}");
        Assert.Contains("Xã Cẩm Thủy", PageReader.Options(html, "refer-units"));
        Assert.Contains("unit", PageReader.Fields(html));
        Assert.Equal(1, await ReadsAsync(app, code));

        // Taking the case lands back on its page: the change says the case was open, no second read.
        var token = Token().Match(html).Groups[1].Value;
        using (var taken = await lan.PostAsync(new Uri($"/cases/{code}/take", UriKind.Relative), new FormUrlEncodedContent([new("__RequestVerificationToken", token)])))
        {
            Assert.Equal(HttpStatusCode.SeeOther, taken.StatusCode);
            var after = await PageAsync(lan, taken.Headers.Location!.PathAndQuery);
            Assert.Contains("Lan (bạn)", PageReader.Text(after), StringComparison.Ordinal);
        }

        Assert.Equal(1, await ReadsAsync(app, code));

        // The commune as a person types it, without "Xã".
        using var referred = await lan.PostAsync(new Uri($"/cases/{code}/refer", UriKind.Relative),
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("unit", "Cẩm Thủy"), new("reason", "Gia đình ở Cẩm Thủy")]));
        Assert.Equal(HttpStatusCode.SeeOther, referred.StatusCode);
        Assert.Contains("m=DoneRefer", referred.Headers.Location!.Query, StringComparison.Ordinal);
        var page = PageReader.Text(await PageAsync(lan, referred.Headers.Location.PathAndQuery));
        Assert.Contains("Xã Cẩm Thủy", page, StringComparison.Ordinal);
        Assert.DoesNotContain("thanh-hoa/cam-thuy", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Link_UsesTheAddressTheAppIsReachedOn_WhenNoPublicBaseUrlIsSet()
    {
        var unset = WebSettings.Read(new ConfigurationBuilder().Build());
        var http = new DefaultHttpContext();
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("192.168.1.20", 8080);
        Assert.Equal("http://192.168.1.20:8080/overview", unset.Link("/overview", http.Request).AbsoluteUri);

        // Outside a request: where Kestrel listens, once it has started.
        unset.Listening(["http://[::]:5123"]);
        Assert.Equal("http://localhost:5123/login/x", unset.Link("/login/x").AbsoluteUri);

        var set = WebSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Web:PublicBaseUrl"] = "https://childcare.example.gov.vn" }).Build());
        set.Listening(["http://[::]:5123"]);
        Assert.Equal("https://childcare.example.gov.vn/overview", set.Link("/overview", http.Request).AbsoluteUri);
        Assert.Equal("https://childcare.example.gov.vn/login/x", set.Link("/login/x").AbsoluteUri);
    }

    private async Task<ChildCareAppFactory> StartAsync()
    {
        _app = new ChildCareAppFactory(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });
        using var client = _app.CreateClient();
        var plan = new
        {
            plan = new { code = "home-test", titleVi = "Đơn vị thử" },
            units = new object[]
            {
                new { code = "thanh-hoa", nameVi = "Tỉnh Thanh Hóa", nameEn = "Thanh Hoa province", kind = "Province" },
                new { code = "thanh-hoa/cam-tan", nameVi = "Xã Cẩm Tân", nameEn = "Cam Tan commune", kind = "Commune", parent = "thanh-hoa" },
                new { code = "thanh-hoa/cam-thuy", nameVi = "Xã Cẩm Thủy", nameEn = "Cam Thuy commune", kind = "Commune", parent = "thanh-hoa" },
            },
            rules = Array.Empty<object>(),
        };
        using var imported = await client.AdminPostAsJsonAsync("/api/admin/plans", plan);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        foreach (var (chat, unit, name) in new[] { (Lan, "thanh-hoa/cam-tan", "Lan"), (Minh, "thanh-hoa/cam-thuy", "Minh") })
        {
            using var invite = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit, role = "ChildProtection" });
            var code = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            await _app.Services.GetRequiredService<OfficialDesk>().JoinAsync(new ChatPerson("telegram", chat, Language.Vi, name), code, CancellationToken.None);
        }

        return _app;
    }

    private static async Task<string> PageAsync(HttpClient browser, string url)
    {
        using var page = await browser.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }

    private static Task<int> ReadsAsync(ChildCareAppFactory app, string code) => EventsAsync(app, code, CaseAction.Read);

    private static async Task<int> EventsAsync(ChildCareAppFactory app, string code, CaseAction action)
    {
        await using var db = app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
        var id = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
        return await db.CaseEvents.CountAsync(e => e.CaseId == id && e.Action == action);
    }

    private static async Task<string> FileAsync(ChildCareAppFactory app, string commune)
    {
        var draft = new ReportDraft
        {
            Id = Guid.NewGuid(),
            StartedAt = TimeProvider.System.GetUtcNow(),
            ProvinceCode = "thanh-hoa",
            ProvinceAnswered = true,
            Commune = commune,
            Category = CaseCategory.Neglect,
            Description = "Em bé bị bỏ đói",
            Anonymous = true,
        };
        var outcome = await app.Services.GetRequiredService<CaseIntake>().FileAsync(draft, "telegram", Random.Shared.NextInt64(1, long.MaxValue), CancellationToken.None);
        return Assert.IsType<ReportFiled>(outcome).Code;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
