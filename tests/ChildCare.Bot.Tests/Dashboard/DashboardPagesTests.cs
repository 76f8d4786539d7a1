using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using ChildCare.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Dashboard;

/// <summary>
/// The calendar, reminders, exports, units and scheduler pages over HTTP: each official sees their own units only,
/// administrators' pages are theirs alone, the first administrator's link works once, and what the pages show
/// of people's input is encoded.
/// </summary>
public sealed partial class DashboardPagesTests : IAsyncDisposable
{
    private const long Lan = 7101;
    private const long Minh = 7102;
    private const long Anna = 7103;

    // The pages are read at a fixed moment, Friday 20/11/2026 10:00 in Vietnam: the year is planned from its first day.
    private static readonly DateTimeOffset Now = VietnamTime.At(new DateOnly(2026, 11, 20), new TimeOnly(10, 0));
    private const int Year = 2026;
    private ChildCareAppFactory? _app;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Calendar_ShowsTheOfficialsOwnUnit_WithLunarDatesAndWhoMarkedItDone()
    {
        var app = await StartAsync();
        const int year = Year;
        var due = new DateOnly(year, 12, 15);
        var occurrence = await OccurrenceAsync(app, "thanh-hoa/cam-tan", due);
        await app.Services.GetRequiredService<ReminderDesk>().ActAsync(new ChatPerson("telegram", Lan, Language.Vi, "Lan"), "done", occurrence, CancellationToken.None);
        using var lan = await SignedInAsync(app, Lan);

        var html = await PageAsync(lan, $"/calendar?month={year}-12");
        Assert.Contains($"Tháng 12/{year}", html, StringComparison.Ordinal);
        Assert.Contains("Báo cáo tháng 12 Cẩm Tân &lt;i&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Cẩm Thủy", html, StringComparison.Ordinal);
        Assert.Contains("✓ Lan (bạn)", html, StringComparison.Ordinal);

        // Each day shows its lunar day (15/12/2026 is a Tuesday, the 7th of the 11th lunar month); the 1st of a lunar
        // month shows its month too.
        var lunar = Core.Calendar.LunarCalendar.ToLunar(due);
        var shown = lunar.Day == 1 ? $"1/{lunar.Month}{(lunar.IsLeapMonth ? "n" : "")}" : $"{lunar.Day}";
        Assert.Contains($" 15/12</span><span class=\"lunar\" title=\"Ngày âm lịch\">{shown}</span>", html, StringComparison.Ordinal);
        var newMoon = Enumerable.Range(2, 30).Select(d => Core.Calendar.LunarCalendar.ToLunar(new DateOnly(year, 12, d))).First(l => l.Day == 1);
        Assert.Matches($@"<span class=""lunar""[^>]*>1/{newMoon.Month}{(newMoon.IsLeapMonth ? "n" : "")}</span>", html);

        // A month with a public holiday marks it: National Day, 2/9.
        Assert.Contains("Quốc khánh", await PageAsync(lan, $"/calendar?month={year}-09"), StringComparison.Ordinal);

        // Minh, of Cẩm Thủy, sees his own rule and not Cẩm Tân's.
        using var minh = await SignedInAsync(app, Minh);
        var his = await PageAsync(minh, $"/calendar?month={year}-12&unit=thanh-hoa/cam-tan");
        Assert.Contains("Báo cáo tháng 12 Cẩm Thủy", his, StringComparison.Ordinal);
        Assert.DoesNotContain("Cẩm Tân &lt;i&gt;", his, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_AreInEnglish_ForAnEnglishSpeakingOfficial()
    {
        var app = await StartAsync();
        using var anna = await SignedInAsync(app, Anna);
        var calendar = await PageAsync(anna, $"/calendar?month={Year}-12");
        Assert.Contains("<html lang=\"en\">", calendar, StringComparison.Ordinal);
        Assert.Contains("Work calendar", calendar, StringComparison.Ordinal);
        Assert.Contains("December report Cam Tan", calendar, StringComparison.Ordinal);
        Assert.Contains("Reminders", await PageAsync(anna, "/reminders"), StringComparison.Ordinal);
        Assert.Contains("Deadline compliance in", await PageAsync(anna, "/exports"), StringComparison.Ordinal);

        // Units by their English names, on the queue, the case and the overview alike.
        var code = await FileAsync(app, "cam tan");
        foreach (var page in new[] { "/cases", $"/cases/{code}", "/overview" })
        {
            var text = PageReader.Text(await PageAsync(anna, page));
            Assert.Contains("Cam Tan commune", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Xã Cẩm Tân", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AdministratorsPages_AreForbidden_ToOfficials_AndRedirect_WithoutSignIn()
    {
        var app = await StartAsync();
        using var lan = await SignedInAsync(app, Lan);
        foreach (var url in new[] { "/scheduler", "/units", "/units?unit=thanh-hoa" })
        {
            using var page = await lan.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        }

        // With a valid token from one of her own pages, a post to an administrator's form is still refused.
        var token = AntiforgeryToken().Match(await PageAsync(lan, "/calendar")).Groups[1].Value;
        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("unit", "thanh-hoa/cam-tan"), new("role", "Supervisor"), new("uses", "5"), new("days", "7")]);
        using (var invite = await lan.PostAsync(new Uri("/units", UriKind.Relative), form))
        {
            Assert.Equal(HttpStatusCode.Forbidden, invite.StatusCode);
        }

        await using (var db = Db(app))
        {
            Assert.Equal(3, await db.Invites.CountAsync());
        }

        using var anonymous = ClockFreeCookies.Client(app);
        foreach (var url in new[] { "/calendar", "/reminders", "/exports", "/exports/cases.csv", "/exports/compliance.csv", "/units", "/scheduler" })
        {
            using var page = await anonymous.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
            Assert.Equal("/login", page.Headers.Location?.AbsolutePath);
        }
    }

    [Fact]
    public async Task FirstAdministrator_SignsInOnceWithTheLoggedLink_ThenInvitesAnOfficialFromTheUnitsPage()
    {
        var app = await StartAsync();
        var signIn = app.Services.GetRequiredService<OfficialSignIn>();
        var first = await signIn.IssueFirstAdministratorLinkAsync(CancellationToken.None);
        var second = await signIn.IssueFirstAdministratorLinkAsync(CancellationToken.None);
        Assert.NotNull(first);
        Assert.NotNull(second);

        // A restart's new link replaces the earlier one.
        using var admin = ClockFreeCookies.Client(app);
        using (var stale = await admin.GetAsync(new Uri("/login/" + first.Token, UriKind.Relative)))
        {
            Assert.NotEqual(HttpStatusCode.SeeOther, stale.StatusCode);
        }

        using (var opened = await admin.GetAsync(new Uri("/login/" + second.Token, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        }

        using (var again = ClockFreeCookies.Client(app))
        using (var reused = await again.GetAsync(new Uri("/login/" + second.Token, UriKind.Relative)))
        {
            Assert.NotEqual(HttpStatusCode.SeeOther, reused.StatusCode);
        }

        Assert.Null(await signIn.IssueFirstAdministratorLinkAsync(CancellationToken.None));

        // The administrator has no unit: no case, but the units page, and an invite shown once.
        using (var cases = await admin.GetAsync(new Uri("/cases", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, cases.StatusCode);
        }

        var units = await PageAsync(admin, "/units?unit=thanh-hoa/cam-tan");
        Assert.Contains("Xã Cẩm Tân", units, StringComparison.Ordinal);
        Assert.Contains("Lan", units, StringComparison.Ordinal);
        var token = AntiforgeryToken().Match(units).Groups[1].Value;
        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("unit", "thanh-hoa/cam-tan"), new("role", "Supervisor"), new("uses", "1"), new("days", "7")]);
        using var made = await admin.PostAsync(new Uri("/units", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var code = InviteCode().Match(await made.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.Equal(10, code.Length);

        var joined = await app.Services.GetRequiredService<OfficialDesk>().JoinAsync(new ChatPerson("telegram", 7199, Language.Vi, "Hà"), code, CancellationToken.None);
        Assert.Single(joined);
        await using (var db = Db(app))
        {
            Assert.True(await db.Subscriptions.AnyAsync(s => s.Official!.ChatId == 7199 && s.Role == OfficialRole.Supervisor && s.Unit!.Code == "thanh-hoa/cam-tan"));
        }

        // The scheduler page answers on a node that runs no jobs (it reads the shared store).
        Assert.Contains("Tác vụ định kỳ", await PageAsync(admin, "/scheduler"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CasesCsv_HoldsTheViewersCasesOnly_AndNothingThatIdentifiesAChild()
    {
        var app = await StartAsync();
        var mine = await FileAsync(app, "Xã Cẩm Tân");
        var theirs = await FileAsync(app, "Xã Cẩm Thủy");
        using var lan = await SignedInAsync(app, Lan);
        using var response = await lan.GetAsync(new Uri("/exports/cases.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("\"Mã\",\"Tiếp nhận\"", csv, StringComparison.Ordinal);
        Assert.Contains(mine, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs, csv, StringComparison.Ordinal);
        Assert.DoesNotContain("bỏ đói", csv, StringComparison.Ordinal);
        Assert.Equal(2, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task CasePage_Refers_TheOtherCommuneAccepts_ThenItIsClosedAndReopened()
    {
        var app = await StartAsync();
        var code = await FileAsync(app, "Xã Cẩm Tân");
        using var lan = await SignedInAsync(app, Lan);
        var referred = await PostAsync(lan, $"/cases/{code}", $"/cases/{code}/refer", [new("unit", "cam thuy"), new("reason", "Gia đình chuyển về Cẩm Thủy")]);
        Assert.Contains($"Đã chuyển vụ việc {code}", referred, StringComparison.Ordinal);

        // Minh, of Cẩm Thủy, is asked and takes it; from then on it is his unit's case.
        using var minh = await SignedInAsync(app, Minh);
        var asked = await PageAsync(minh, $"/cases/{code}");
        Assert.Contains("chuyển vụ việc này cho đơn vị bạn", asked, StringComparison.Ordinal);
        var accepted = await PostAsync(minh, $"/cases/{code}", $"/cases/{code}/referral", [new("answer", "accept")]);
        Assert.Contains($"Đơn vị bạn đã nhận vụ việc {code}", accepted, StringComparison.Ordinal);
        await using (var db = Db(app))
        {
            Assert.Equal("thanh-hoa/cam-thuy", await db.Cases.Where(c => c.Code == code).Select(c => db.Units.Single(u => u.Id == c.UnitId).Code).SingleAsync());
        }

        var closed = await PostAsync(minh, $"/cases/{code}", $"/cases/{code}/close", [new("reason", "Đã hỗ trợ xong")]);
        Assert.Contains($"Đã đóng vụ việc {code}", closed, StringComparison.Ordinal);
        var reopened = await PostAsync(minh, $"/cases/{code}", $"/cases/{code}/reopen", [new("reason", "Có tin mới")]);
        Assert.Contains($"Đã mở lại vụ việc {code}", reopened, StringComparison.Ordinal);

        // Lan's unit no longer holds it: her page says so, as for any case that is not hers.
        using var gone = await lan.GetAsync(new Uri($"/cases/{code}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task FormServedByOneNode_IsAccepted_ByAnotherNodeOnTheSameDatabase()
    {
        var first = await StartAsync();
        var code = await FileAsync(first, "Xã Cẩm Tân");

        // Cookies carried by hand: the session from the first node's sign-in, the antiforgery cookie from its page.
        using var onFirst = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var link = (await first.Services.GetRequiredService<OfficialSignIn>().IssueLinkAsync("telegram", Lan, CancellationToken.None))!;
        using var opened = await onFirst.GetAsync(new Uri("/login/" + link.Token, UriKind.Relative));
        var cookies = new List<string>(CookiesOf(opened));
        using var page = new HttpRequestMessage(HttpMethod.Get, new Uri($"/cases/{code}", UriKind.Relative));
        page.Headers.Add("Cookie", string.Join("; ", cookies));
        using var served = await onFirst.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        cookies.AddRange(CookiesOf(served));
        var token = AntiforgeryToken().Match(await served.Content.ReadAsStringAsync()).Groups[1].Value;

        // A second node: the same database, nothing else shared (its own memory, no common key folder).
        await using var second = new ChildCareAppFactory(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" }, first.SqliteFile, FixedClock());
        using var onSecond = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri($"/cases/{code}/take", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
        };
        post.Headers.Add("Cookie", string.Join("; ", cookies));
        using var taken = await onSecond.SendAsync(post);
        Assert.Equal(HttpStatusCode.SeeOther, taken.StatusCode);
        await using var db = Db(first);
        Assert.NotNull((await db.Cases.SingleAsync(c => c.Code == code)).AssigneeId);
        Assert.True(await db.DataProtectionKeys.AnyAsync());
    }

    private static IEnumerable<string> CookiesOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];

    /// <summary>Posts a form of <paramref name="page"/> (with its antiforgery token), follows the 303 and answers the page it leads to.</summary>
    private static async Task<string> PostAsync(HttpClient browser, string page, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = AntiforgeryToken().Match(await PageAsync(browser, page)).Groups[1].Value;
        using var form = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
        using var posted = await browser.PostAsync(new Uri(action, UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        return await PageAsync(browser, posted.Headers.Location!.PathAndQuery);
    }

    // The system clock moved to the fixed moment: timers keep running.
    private static ShiftedTimeProvider FixedClock()
    {
        var time = new ShiftedTimeProvider();
        time.Advance(Now - TimeProvider.System.GetUtcNow());
        return time;
    }

    private async Task<ChildCareAppFactory> StartAsync()
    {
        _app = new ChildCareAppFactory(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" }, time: FixedClock());
        using var client = _app.CreateClient();
        var plan = new
        {
            plan = new { code = "pages-test", titleVi = "Đơn vị thử" },
            units = new object[]
            {
                new { code = "thanh-hoa", nameVi = "Tỉnh Thanh Hóa", nameEn = "Thanh Hoa province", kind = "Province" },
                new { code = "thanh-hoa/cam-tan", nameVi = "Xã Cẩm Tân", nameEn = "Cam Tan commune", kind = "Commune", parent = "thanh-hoa" },
                new { code = "thanh-hoa/cam-thuy", nameVi = "Xã Cẩm Thủy", nameEn = "Cam Thuy commune", kind = "Commune", parent = "thanh-hoa" },
            },
            rules = new object[]
            {
                new { code = "dec-tan", units = new[] { "thanh-hoa/cam-tan" }, role = "ChildProtection", kind = "Deadline", titleVi = "Báo cáo tháng 12 Cẩm Tân <i>", titleEn = "December report Cam Tan", recurrence = "yearly 15/12" },
                new { code = "dec-thuy", units = new[] { "thanh-hoa/cam-thuy" }, role = "ChildProtection", kind = "Deadline", titleVi = "Báo cáo tháng 12 Cẩm Thủy", titleEn = "December report Cam Thuy", recurrence = "yearly 15/12" },
            },
        };
        using var imported = await client.AdminPostAsJsonAsync("/api/admin/plans", plan);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        foreach (var (chat, unit, name, language) in new[] { (Lan, "thanh-hoa/cam-tan", "Lan", Language.Vi), (Minh, "thanh-hoa/cam-thuy", "Minh", Language.Vi), (Anna, "thanh-hoa/cam-tan", "Anna", Language.En) })
        {
            using var invite = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit, role = "ChildProtection" });
            var code = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            await _app.Services.GetRequiredService<OfficialDesk>().JoinAsync(new ChatPerson("telegram", chat, language, name), code, CancellationToken.None);
        }

        return _app;
    }

    private static Task<HttpClient> SignedInAsync(ChildCareAppFactory app, long chat) => ClockFreeCookies.SignedInAsync(app, chat);

    private static async Task<string> PageAsync(HttpClient browser, string url)
    {
        using var page = await browser.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }

    private static async Task<long> OccurrenceAsync(ChildCareAppFactory app, string unit, DateOnly due)
    {
        await using var db = Db(app);
        return await db.Occurrences.Where(o => o.Rule!.Unit!.Code == unit && o.DueDate == due).Select(o => o.Id).SingleAsync();
    }

    private static async Task<string> FileAsync(ChildCareAppFactory app, string commune)
    {
        var draft = new ReportDraft
        {
            Id = Guid.NewGuid(),
            StartedAt = Now,
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

    private static ChildCareDbContext Db(ChildCareAppFactory app) =>
        app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex(@"<code>/join ([0-9A-Z]{10})</code>")]
    private static partial Regex InviteCode();
}
