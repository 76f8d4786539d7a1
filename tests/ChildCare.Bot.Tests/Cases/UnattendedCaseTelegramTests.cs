using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChildCare.Bot.Tests.Conversations;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Officials;
using ChildCare.FakeTelegram;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Cases;

/// <summary>
/// Never alert nobody, end to end through the fake Telegram and the dashboard: a commune with nobody passes the
/// alert to the province; with nobody anywhere the administrators see the case as unattended and an official who
/// joins later is told of it; a case with no unit is routed from the administrators' page.
/// </summary>
public sealed partial class UnattendedCaseTelegramTests
{
    private const long Lan = 8301;
    private const long ProvinceLead = 8303;

    [Fact]
    public async Task NewCase_InACommuneWithNoOfficials_AlertsTheProvincesSupervisor_AndTheRecordSaysHowMany()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(HelpDeskTelegramTests.Settings(fake));
        using var client = app.CreateClient();
        await SetUpUnitsAsync(client);
        await JoinAsync(client, fake, app, ProvinceLead, "thanh-hoa", "Supervisor");

        var code = await FileAsync(app, "thanh-hoa", "Cẩm Tân");

        var lead = new TelegramChat(fake, app, ProvinceLead);
        await lead.WaitForAsync("Vụ việc mới");
        Assert.Contains(code, lead.LastText, StringComparison.Ordinal);
        Assert.Contains("Đơn vị chưa có cán bộ nào nhận được tin", lead.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("chau o nha mot minh", lead.LastText, StringComparison.Ordinal);
        Assert.Contains("Nhận xử lý", string.Join(" ", lead.ButtonTexts), StringComparison.Ordinal);
        Assert.Equal("NewCase|Province|1|telegram", await AlertDetailAsync(app, code));
    }

    [Fact]
    public async Task NoOfficialsAnywhere_AdministratorsSeeItUnattended_ThenAnOfficialWhoJoinsIsToldOfIt()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(HelpDeskTelegramTests.Settings(fake));
        using var client = app.CreateClient();
        await SetUpUnitsAsync(client);

        var code = await FileAsync(app, "thanh-hoa", "Cẩm Tân", dangerNow: true);
        await TelegramChannelTests.Eventually(async () => await AlertDetailAsync(app, code) is not null);
        Assert.Equal("NewCase|Administrators|0|-", await AlertDetailAsync(app, code));

        // The web administrator (no chat) sees it on the attention page, in queue fields only, and cannot open it.
        using var admin = await AdministratorAsync(app);
        var attention = await PageAsync(admin, "/attention");
        Assert.Contains("Chưa báo được ai", attention, StringComparison.Ordinal);
        Assert.Contains(code, attention, StringComparison.Ordinal);
        Assert.Contains("Xã Cẩm Tân", attention, StringComparison.Ordinal);
        Assert.DoesNotContain("chau o nha mot minh", attention, StringComparison.Ordinal);
        using (var opened = await admin.GetAsync(new Uri($"/cases/{code}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, opened.StatusCode);
            Assert.Contains("attention", await opened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Lan joins the commune: she is told of the untaken case and its clock, with nothing about the child.
        var lan = await JoinAsync(client, fake, app, Lan, "thanh-hoa/cam-tan", "ChildProtection");
        Assert.Equal(2, lan.Texts.Count);
        Assert.Contains("Bạn đã tham gia", lan.Texts[0], StringComparison.Ordinal);
        var told = lan.Texts[1];
        Assert.Contains("Đơn vị có 1 vụ việc chưa ai nhận xử lý", told, StringComparison.Ordinal);
        Assert.Contains(code, told, StringComparison.Ordinal);
        Assert.Contains("can thiệp khẩn cấp: còn 11 giờ", told, StringComparison.Ordinal);
        Assert.DoesNotContain("chau o nha mot minh", told, StringComparison.Ordinal);
        Assert.DoesNotContain("Cẩm Tân", told, StringComparison.Ordinal);
        await lan.PressAsync(lan.Button(code), "lan-open");
        Assert.Contains("chau o nha mot minh", lan.LastText, StringComparison.Ordinal);

        // Now someone was told: the case leaves the unattended list; its record says who was told, by count.
        Assert.DoesNotContain(code, await PageAsync(admin, "/attention"), StringComparison.Ordinal);
        using var browser = await SignedInAsync(app, Lan);
        var page = await PageAsync(browser, $"/cases/{code}");
        Assert.Contains("Chưa báo được ai: đã chuyển quản trị viên", page, StringComparison.Ordinal);
        Assert.Contains("Cán bộ mới tham gia — Đã báo 1 cán bộ qua Telegram", page, StringComparison.Ordinal);
        await using var db = TelegramChannelTests.Db(app);
        Assert.Equal(2, await db.CaseEvents.CountAsync(e => e.Action == CaseAction.Read));
    }

    [Fact]
    public async Task UnroutedCase_IsRoutedFromTheAttentionPage_AndTheCommuneIsAlerted()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(HelpDeskTelegramTests.Settings(fake));
        using var client = app.CreateClient();
        await SetUpUnitsAsync(client);
        var lan = await JoinAsync(client, fake, app, Lan, "thanh-hoa/cam-tan", "ChildProtection");
        var code = await FileAsync(app, null, null);

        using var admin = await AdministratorAsync(app);
        var attention = await PageAsync(admin, "/attention");
        Assert.Contains("Cần chọn đơn vị", attention, StringComparison.Ordinal);
        Assert.Contains($"attention/{code}/route", attention, StringComparison.Ordinal);

        // An official who is not an administrator may not route.
        using (var browser = await SignedInAsync(app, Lan))
        {
            using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", AntiforgeryToken().Match(await PageAsync(browser, "/cases")).Groups[1].Value), new("unit", "thanh-hoa/cam-tan")]);
            using var refused = await browser.PostAsync(new Uri($"/attention/{code}/route", UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var token = AntiforgeryToken().Match(attention).Groups[1].Value;
        using (var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("unit", "thanh-hoa/cam-tan")]))
        using (var routed = await admin.PostAsync(new Uri($"/attention/{code}/route", UriKind.Relative), form))
        {
            Assert.Equal(HttpStatusCode.SeeOther, routed.StatusCode);
            Assert.Contains($"Đã chuyển vụ việc {code} đến đơn vị", await PageAsync(admin, routed.Headers.Location!.PathAndQuery), StringComparison.Ordinal);
        }

        await lan.WaitForAsync("Vụ việc mới");
        Assert.Contains(code, lan.LastText, StringComparison.Ordinal);
        await using var db = TelegramChannelTests.Db(app);
        var administrator = await db.Officials.Where(o => o.IsAdministrator).Select(o => o.Id).SingleAsync();
        Assert.True(await db.CaseEvents.AnyAsync(e => e.Action == CaseAction.Routed && e.Actor == $"official:{administrator}" && e.Detail == "thanh-hoa/cam-tan"));
        Assert.DoesNotContain($"attention/{code}/route", await PageAsync(admin, "/attention"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TelegramOff_NobodyCanBeTold_TheRecordSaysSo_AndTheCommunesQueueMarksTheCase()
    {
        await using var app = new ChildCareAppFactory(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });
        using var client = app.CreateClient();
        await SetUpUnitsAsync(client);
        using (var invite = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit = "thanh-hoa/cam-tan", role = "ChildProtection" }))
        {
            var invited = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            await app.Services.GetRequiredService<Core.Officials.OfficialDesk>().JoinAsync(new Core.Officials.ChatPerson("telegram", Lan, Core.Localization.Language.Vi, "Lan"), invited, CancellationToken.None);
        }

        var code = await FileAsync(app, "thanh-hoa", "Cẩm Tân");
        await TelegramChannelTests.Eventually(async () => await AlertDetailAsync(app, code) is not null);

        // No channel to send on: nobody was told, and the case says so rather than "sent".
        Assert.Equal("NewCase|Administrators|0|-", await AlertDetailAsync(app, code));
        using var browser = await SignedInAsync(app, Lan);
        var queue = await PageAsync(browser, "/cases");
        Assert.Contains("1 vụ việc chưa báo được cho ai qua tin nhắn", queue, StringComparison.Ordinal);
        Assert.Contains("Chưa ai được báo", queue, StringComparison.Ordinal);
        var page = await PageAsync(browser, $"/cases/{code}");
        Assert.Contains("Vụ việc mới — Chưa báo được ai: đã chuyển quản trị viên", page, StringComparison.Ordinal);
    }

    private static async Task<string?> AlertDetailAsync(ChildCareAppFactory app, string code)
    {
        await using var db = TelegramChannelTests.Db(app);
        return await db.CaseEvents.Where(e => e.Action == CaseAction.Alerted && db.Cases.Any(c => c.Id == e.CaseId && c.Code == code))
            .OrderBy(e => e.Id).Select(e => e.Detail).FirstOrDefaultAsync();
    }

    private static async Task<string> FileAsync(ChildCareAppFactory app, string? province, string? commune, bool dangerNow = false)
    {
        var outcome = await app.Services.GetRequiredService<CaseIntake>().FileAsync(new ReportDraft
        {
            Id = Guid.NewGuid(), StartedAt = TimeProvider.System.GetUtcNow(), DangerNow = dangerNow, ProvinceCode = province, ProvinceAnswered = true,
            Commune = commune, AgeBand = AgeBand.Under6, ChildSex = ChildSex.Boy, Category = CaseCategory.Neglect,
            Description = "chau o nha mot minh", Suspect = SuspectRelation.Unknown, Anonymous = true,
        }, "telegram", 1, CancellationToken.None);
        return Assert.IsType<ReportFiled>(outcome).Code;
    }

    private static async Task SetUpUnitsAsync(HttpClient client)
    {
        var plan = new
        {
            plan = new { code = "unattended-test", titleVi = "Thử báo tin" },
            units = new object[]
            {
                new { code = "thanh-hoa", nameVi = "Tỉnh Thanh Hóa", nameEn = "Thanh Hoa province", kind = "Province" },
                new { code = "thanh-hoa/cam-tan", nameVi = "Xã Cẩm Tân", nameEn = "Cam Tan commune", kind = "Commune", parent = "thanh-hoa" },
            },
            rules = new object[]
            {
                new
                {
                    code = "yearly", units = new[] { "thanh-hoa/cam-tan" }, role = "ChildProtection", kind = "Deadline",
                    titleVi = "Báo cáo năm", titleEn = "Yearly report", recurrence = "yearly 15/11", leadDays = new[] { 7 },
                },
            },
        };
        using var imported = await client.AdminPostAsJsonAsync("/api/admin/plans", plan);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
    }

    private static async Task<TelegramChat> JoinAsync(HttpClient client, FakeTelegramServer fake, ChildCareAppFactory app, long chat, string unit, string role)
    {
        using var invite = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit, role });
        var code = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var person = new TelegramChat(fake, app, chat);
        await person.SayAsync("/join " + code);
        Assert.Contains("Bạn đã tham gia", person.LastText, StringComparison.Ordinal);
        return person;
    }

    private static async Task<HttpClient> AdministratorAsync(ChildCareAppFactory app)
    {
        var link = (await app.Services.GetRequiredService<OfficialSignIn>().IssueFirstAdministratorLinkAsync(CancellationToken.None))!;
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var opened = await browser.GetAsync(new Uri("/login/" + link.Token, UriKind.Relative));
        Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        return browser;
    }

    // The one sign-in of the Bot tests (an official's one-time link, opened without following the redirect).
    private static Task<HttpClient> SignedInAsync(ChildCareAppFactory app, long chat) => Plans.PlanTestApp.SignedInAsync(app, chat);

    private static async Task<string> PageAsync(HttpClient browser, string url)
    {
        using var page = await browser.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
