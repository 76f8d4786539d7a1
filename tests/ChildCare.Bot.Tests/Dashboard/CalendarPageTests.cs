using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Dashboard;

/// <summary>
/// The calendar over HTTP on a fixed clock (Wednesday 09/12/2026, 10:00 in Vietnam): an item several units owe is
/// one line naming them and who marked it done, a lunar item says its lunar date, a crowded day folds under "+N",
/// and a deadline written on a Saturday reads as the end of the next working day.
/// </summary>
public sealed partial class CalendarPageTests : IAsyncDisposable
{
    private const long Lan = 7301;
    private const long Chief = 7302;
    private const long Anna = 7303;
    private const string News = "Đăng ít nhất 1 tin, bài về trẻ em";
    private static readonly DateTimeOffset Now = VietnamTime.At(new DateOnly(2026, 12, 9), new TimeOnly(10, 0));
    private ChildCareAppFactory? _app;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Calendar_ShowsOneLinePerItem_NamingTheUnitsAndWhoMarkedItDone_WhenThreeUnitsOweIt()
    {
        var app = await StartAsync();
        var friday = new DateOnly(2026, 12, 11);
        var tan = await OccurrenceAsync(app, "thanh-hoa/cam-tan", News, friday);
        await app.Services.GetRequiredService<ReminderDesk>().ActAsync(new ChatPerson("telegram", Lan, Language.Vi, "Lan"), "done", tan, CancellationToken.None);
        using var chief = await SignedInAsync(app, Chief);

        var html = await PageAsync(chief, "/calendar?month=2026-12");
        var grid = Grid(html);

        // One line per Friday, not one per unit: as many lines as the rule has distinct dates this month.
        var fridays = await DatesAsync(app, News, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31));
        Assert.True(fridays >= 3, $"the weekly rule has {fridays} Fridays planned in December");
        Assert.Equal(fridays, Regex.Count(grid, Regex.Escape(">" + News + "</span>")));

        // Friday 11/12: the line names "3 đơn vị", lists the three communes, and Lan's mark.
        var day = Day(grid, "T6 11/12");
        Assert.Single(Regex.Matches(day, Regex.Escape(">" + News + "</span>")));
        Assert.Contains("3 đơn vị", day, StringComparison.Ordinal);
        Assert.Contains("title=\"Xã Cẩm Tân, Xã Sơn Tây, Phường Cẩm Đông\"", day, StringComparison.Ordinal);
        foreach (var commune in new[] { "Xã Cẩm Tân", "Xã Sơn Tây", "Phường Cẩm Đông" })
        {
            Assert.Contains("<span class=\"unit\">" + commune + "</span>", day, StringComparison.Ordinal);
        }

        Assert.Contains("1/3 đã xong", day, StringComparison.Ordinal);
        Assert.Contains("<span class=\"unit\">Xã Cẩm Tân</span> <span class=\"who-done\">✓ Lan, ", day, StringComparison.Ordinal);

        // A deadline written on Saturday 12/12 runs to the end of Monday 14/12.
        Assert.Contains("hết Thứ Hai 14/12/2026", Day(grid, "T7 12/12"), StringComparison.Ordinal);

        // Four items on Thursday 17/12: two shown, two folded under "+2".
        var crowded = Day(grid, "T5 17/12");
        Assert.Contains("<summary>&#x2B;2 việc khác</summary>", crowded, StringComparison.Ordinal); // "+" as the encoder writes it
        Assert.Equal(4, Regex.Count(crowded, "<span class=\"title\">"));
    }

    [Fact]
    public async Task Calendar_SaysTheLunarDateOnTheItem_InBothLanguages()
    {
        var app = await StartAsync();
        using var chief = await SignedInAsync(app, Chief);
        using var anna = await SignedInAsync(app, Anna);

        // Mid-Autumn 2027 (15/8 lunar) is Wednesday 15/09/2027.
        var vi = Day(Grid(await PageAsync(chief, "/calendar?month=2027-09")), "T4 15/9");
        Assert.Contains("Tết Trung thu cho trẻ em", vi, StringComparison.Ordinal);
        Assert.Contains("<span class=\"lunar-date\">15/8 âm lịch</span>", vi, StringComparison.Ordinal);

        var en = await PageAsync(anna, "/calendar?month=2027-09");
        Assert.Contains("<span class=\"lunar-date\">lunar 15/8</span>", en, StringComparison.Ordinal);
        Assert.Contains("by the end of Monday 14/12/2026", await PageAsync(anna, "/calendar?month=2026-12"), StringComparison.Ordinal);
    }

    /// <summary>The month grid, without the table of past deadlines under it.</summary>
    private static string Grid(string html)
    {
        var start = html.IndexOf("<div class=\"month\"", StringComparison.Ordinal);
        var end = html.IndexOf("<section class=\"card\"><h2>", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the page has a month grid");
        return html[start..end];
    }

    /// <summary>One day's cell, found by its label ("T6 11/12").</summary>
    private static string Day(string grid, string label)
    {
        var start = grid.IndexOf(">" + label + "</span>", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the grid has {label}");
        var end = grid.IndexOf("role=\"gridcell\"", start, StringComparison.Ordinal);
        return end < 0 ? grid[start..] : grid[start..end];
    }

    private async Task<ChildCareAppFactory> StartAsync()
    {
        // The system clock moved to the fixed instant: timers keep running, "now" is Wednesday 09/12/2026 10:00.
        var time = new ShiftedTimeProvider();
        time.Advance(Now - TimeProvider.System.GetUtcNow());
        _app = new ChildCareAppFactory(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" }, time: time);
        using var client = _app.CreateClient();
        string[] communes = ["thanh-hoa/cam-tan", "quang-ngai/son-tay", "quang-ninh/cam-dong"];
        var plan = new
        {
            plan = new { code = "calendar-test", titleVi = "Lịch thử" },
            units = new object[]
            {
                new { code = "thanh-hoa", nameVi = "Tỉnh Thanh Hóa", nameEn = "Thanh Hoa province", kind = "Province" },
                new { code = "quang-ngai", nameVi = "Tỉnh Quảng Ngãi", nameEn = "Quang Ngai province", kind = "Province" },
                new { code = "quang-ninh", nameVi = "Tỉnh Quảng Ninh", nameEn = "Quang Ninh province", kind = "Province" },
                new { code = communes[0], nameVi = "Xã Cẩm Tân", nameEn = "Cam Tan commune", kind = "Commune", parent = "thanh-hoa" },
                new { code = communes[1], nameVi = "Xã Sơn Tây", nameEn = "Son Tay commune", kind = "Commune", parent = "quang-ngai" },
                new { code = communes[2], nameVi = "Phường Cẩm Đông", nameEn = "Cam Dong ward", kind = "Ward", parent = "quang-ninh" },
            },
            rules = new object[]
            {
                new { code = "news", units = communes, role = "ChildProtection", kind = "Deadline", titleVi = News, titleEn = "Publish a news item on children", recurrence = "weekly fri" },
                new { code = "saturday", units = communes[..1], role = "ChildProtection", kind = "Deadline", titleVi = "Báo cáo rơi vào thứ Bảy", titleEn = "Report due on a Saturday", recurrence = "yearly 12/12" },
                new { code = "mid-autumn", units = communes[..1], role = "ChildProtection", kind = "Event", titleVi = "Tết Trung thu cho trẻ em", titleEn = "Mid-Autumn for children", recurrence = "lunar-yearly 15/08" },
                new { code = "a", units = communes[..1], role = "ChildProtection", kind = "Deadline", titleVi = "Việc một", titleEn = "Task one", recurrence = "yearly 17/12" },
                new { code = "b", units = communes[..1], role = "ChildProtection", kind = "Deadline", titleVi = "Việc hai", titleEn = "Task two", recurrence = "yearly 17/12" },
                new { code = "c", units = communes[..1], role = "ChildProtection", kind = "Deadline", titleVi = "Việc ba", titleEn = "Task three", recurrence = "yearly 17/12" },
                new { code = "d", units = communes[..1], role = "ChildProtection", kind = "Event", titleVi = "Việc bốn", titleEn = "Task four", recurrence = "yearly 17/12" },
            },
        };
        using var imported = await client.AdminPostAsJsonAsync("/api/admin/plans", plan);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);

        // Lan works in Cẩm Tân; the chief and Anna supervise every unit (a supervisor of each province).
        var joins = new List<(long Chat, string Unit, string Role, string Name, Language Language)> { (Lan, communes[0], "ChildProtection", "Lan", Language.Vi) };
        foreach (var province in new[] { "thanh-hoa", "quang-ngai", "quang-ninh" })
        {
            joins.Add((Chief, province, "Supervisor", "Chief", Language.Vi));
            joins.Add((Anna, province, "Supervisor", "Anna", Language.En));
        }

        foreach (var (chat, unit, role, name, language) in joins)
        {
            using var invite = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit, role });
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

    private static async Task<long> OccurrenceAsync(ChildCareAppFactory app, string unit, string title, DateOnly due)
    {
        await using var db = Db(app);
        return await db.Occurrences.Where(o => o.Rule!.Unit!.Code == unit && o.Rule.TitleVi == title && o.DueDate == due).Select(o => o.Id).SingleAsync();
    }

    private static async Task<int> DatesAsync(ChildCareAppFactory app, string title, DateOnly first, DateOnly last)
    {
        await using var db = Db(app);
        return await db.Occurrences.Where(o => o.Rule!.TitleVi == title && o.DueDate >= first && o.DueDate <= last && o.Status != OccurrenceStatus.Cancelled)
            .Select(o => o.DueDate).Distinct().CountAsync();
    }

    private static ChildCareDbContext Db(ChildCareAppFactory app) =>
        app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
}
