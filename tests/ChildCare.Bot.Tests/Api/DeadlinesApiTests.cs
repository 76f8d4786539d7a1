using System.Net;
using System.Text.Json;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Api;

/// <summary>The deadline and administration API on the demo data of the embedded default.</summary>
public sealed class DeadlinesApiTests : IAsyncDisposable
{
    private readonly ChildCareAppFactory _app;
    private readonly HttpClient _client;

    public DeadlinesApiTests()
    {
        _app = new(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false" });
        _client = _app.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Upcoming_ListsDemoDeadlinesWithLunarDates_WhenAskedForAYear()
    {
        using var body = await GetJsonAsync("/api/deadlines/upcoming?days=400");

        var items = body.RootElement.GetProperty("items").EnumerateArray().ToList();
        var dates = items.Select(i => DateOnly.Parse(i.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(dates.Order(), dates);
        var today = VietnamTime.Today(TimeProvider.System);
        Assert.All(dates, d => Assert.InRange(d, today, today.AddDays(400)));

        // Mid-Autumn of the Cẩm Tân plan: lunar 15/8, shown with its lunar date.
        var midAutumn = items.First(i => i.GetProperty("rule").GetString() == "cam-tan-2024/mid-autumn-communication");
        var lunar = midAutumn.GetProperty("lunarDate");
        Assert.Equal(15, lunar.GetProperty("day").GetInt32());
        Assert.Equal(8, lunar.GetProperty("month").GetInt32());
        Assert.False(lunar.GetProperty("isLeapMonth").GetBoolean());
        Assert.Equal("Xã Cẩm Tân", midAutumn.GetProperty("unitName").GetString());

        // Action Month is a period with its end.
        var actionMonth = items.First(i => i.GetProperty("rule").GetString() == "cam-tan-2024/action-month-communication");
        Assert.EndsWith("-06-30", actionMonth.GetProperty("endDate").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, items.First(i => i.GetProperty("rule").GetString()!.Contains("yearly-report", StringComparison.Ordinal)).GetProperty("lunarDate").ValueKind);
    }

    [Fact]
    public async Task Upcoming_KeepsToTheUnitsSubtree_WhenAUnitIsGiven()
    {
        using var body = await GetJsonAsync("/api/deadlines/upcoming?days=120&unit=quang-ninh");

        var units = body.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("unit").GetString()!).Distinct().ToList();
        Assert.Contains("quang-ninh/cam-dong", units);
        Assert.Contains("quang-ninh/cua-ong", units);
        Assert.All(units, u => Assert.StartsWith("quang-ninh/", u, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/deadlines/upcoming?days=0", HttpStatusCode.BadRequest, "'days'")]
    [InlineData("/api/deadlines/upcoming?days=abc", HttpStatusCode.BadRequest, "'days'")]
    [InlineData("/api/deadlines/upcoming?unit=no-such-unit", HttpStatusCode.NotFound, "no-such-unit")]
    public async Task Upcoming_ExplainsTheProblem_WhenInputIsBad(string url, HttpStatusCode status, string named)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_FollowAnEditAndADelete_InTheUpcomingList()
    {
        var rule = new
        {
            code = "test/mid-year",
            unit = "thanh-hoa/cam-tan",
            role = "ChildProtection",
            kind = "Deadline",
            titleVi = "Báo cáo thử",
            titleEn = "Test report",
            recurrence = "monthly 20",
        };
        using (var saved = await _client.AdminPutAsJsonAsync("/api/admin/rules", rule))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var monthly = await DueDatesAsync("test/mid-year", 90);
        Assert.InRange(monthly.Count, 2, 3);
        Assert.All(monthly, d => Assert.Equal(20, d.Day));

        using (var edited = await _client.AdminPutAsJsonAsync("/api/admin/rules", rule with { recurrence = "monthly last" }))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
            using var json = JsonDocument.Parse(await edited.Content.ReadAsStringAsync());
            var after = await DueDatesAsync("test/mid-year", 90);
            Assert.NotEmpty(after);
            Assert.All(after, d => Assert.Equal(DateTime.DaysInMonth(d.Year, d.Month), d.Day));

            using var deleted = await _client.AdminDeleteAsync(new Uri($"/api/admin/rules/{json.RootElement.GetProperty("id").GetInt64()}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.Empty(await DueDatesAsync("test/mid-year", 90));

        using var bad = await _client.AdminPutAsJsonAsync("/api/admin/rules", rule with { recurrence = "every full moon" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("every full moon", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HolidaySchedule_ChangesTheDaysOff_WhenAnAdministratorRecordsIt()
    {
        var schedule = new
        {
            year = 2027,
            source = "Thông báo thử của Bộ Nội vụ",
            periods = new[] { new { occasions = new[] { "NationalDay" }, first = "2027-09-01", last = "2027-09-03" } },
            workingDays = new[] { "2027-09-11" },
        };
        using (var saved = await _client.AdminPutAsJsonAsync("/api/admin/calendar/holidays/2027", schedule))
        {
            Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        }

        using (var body = await GetJsonAsync("/api/calendar/holidays?year=2027"))
        {
            var days = body.RootElement.EnumerateArray().Select(h => h.GetProperty("date").GetString()).ToList();
            Assert.Contains("2027-09-03", days);
        }

        using var wrongYear = await _client.AdminPutAsJsonAsync("/api/admin/calendar/holidays/2028", schedule);
        Assert.Equal(HttpStatusCode.BadRequest, wrongYear.StatusCode);
        using var weekday = await _client.AdminPutAsJsonAsync("/api/admin/calendar/holidays/2027", schedule with { workingDays = ["2027-09-08"] });
        Assert.Equal(HttpStatusCode.BadRequest, weekday.StatusCode);
        Assert.Contains("2027-09-08", await weekday.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Theme_ShowsInTheUpcomingList_OnceSetForTheYear()
    {
        using var rules = await GetJsonAsync("/api/admin/rules?unit=thanh-hoa");
        var actionMonth = rules.RootElement.EnumerateArray().Single(r => r.GetProperty("code").GetString() == "cam-tan-2024/action-month-communication");
        // The first Action Month (from 1/6) in the upcoming list: this year's until 1 June, else next year's.
        var today = VietnamTime.Today(TimeProvider.System);
        var year = today <= new DateOnly(today.Year, 6, 1) ? today.Year : today.Year + 1;

        using var set = await _client.AdminPutAsJsonAsync(
            new Uri($"/api/admin/rules/{actionMonth.GetProperty("id").GetInt64()}/themes/{year}", UriKind.Relative),
            new { year, vi = "Chủ đề thử nghiệm", en = "A test theme" });

        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        using var body = await GetJsonAsync("/api/deadlines/upcoming?days=400&unit=thanh-hoa");
        var item = body.RootElement.GetProperty("items").EnumerateArray().First(i => i.GetProperty("rule").GetString() == "cam-tan-2024/action-month-communication");
        Assert.Equal("Chủ đề thử nghiệm", item.GetProperty("theme").GetString());
    }

    [Fact]
    public async Task Announcement_ReachesEveryOfficialOfTheSubtreeOnce()
    {
        var desk = _app.Services.GetRequiredService<OfficialDesk>();
        await JoinAsync(desk, 701, "quang-ninh/cam-dong", "ChildProtection");
        await JoinAsync(desk, 701, "quang-ninh/cua-ong", "Culture");
        await JoinAsync(desk, 702, "quang-ninh", "Supervisor");
        await JoinAsync(desk, 703, "thanh-hoa/cam-tan", "ChildProtection");

        using var response = await _client.AdminPostAsJsonAsync("/api/admin/announcements", new { unit = "quang-ninh", textVi = "Chủ đề Tháng hành động năm nay: <Trẻ em>", textEn = "This year's theme" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetProperty("queued").GetInt32());
        await using var db = _app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
        var sealer = _app.Services.GetRequiredService<ChildCare.Core.Privacy.Sealer>();
        var queued = (await db.OutboxMessages.AsNoTracking().Where(m => m.Purpose == "announcement").ToListAsync()).Select(m => m.Opened(sealer)).ToList();
        Assert.Equal([701L, 702L], queued.Select(m => m.ChatId).Order());
        Assert.All(queued, m => Assert.Contains("&lt;Trẻ em&gt;", m.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportPlan_OffersANewCommuneToTheHelpDeskAtOnce_WhenItsProvincesNamesWereCached()
    {
        var names = _app.Services.GetRequiredService<Core.Cases.CommuneNameCache>();
        Assert.DoesNotContain("Xã Thử Mới", await names.GetAsync("quang-ninh", CancellationToken.None));
        var plan = new
        {
            plan = new { code = "commune-cache", titleVi = "Đơn vị mới" },
            units = new object[] { new { code = "quang-ninh/xa-thu-moi", nameVi = "Xã Thử Mới", nameEn = "Thu Moi commune", kind = "Commune", parent = "quang-ninh" } },
            rules = Array.Empty<object>(),
        };

        using var imported = await _client.AdminPostAsJsonAsync("/api/admin/plans", plan);

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Contains("Xã Thử Mới", await names.GetAsync("quang-ninh", CancellationToken.None));
    }

    private async Task JoinAsync(OfficialDesk desk, long chat, string unit, string role)
    {
        using var response = await _client.AdminPostAsJsonAsync("/api/admin/invites", new { unit, role });
        using var invite = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var replies = await desk.JoinAsync(new ChatPerson("telegram", chat, Language.Vi, "Lan"), invite.RootElement.GetProperty("code").GetString(), CancellationToken.None);
        Assert.Contains("Bạn đã tham gia", Assert.Single(replies).Text, StringComparison.Ordinal);
    }

    private async Task<List<DateOnly>> DueDatesAsync(string rule, int days)
    {
        using var body = await GetJsonAsync($"/api/deadlines/upcoming?days={days}&unit=thanh-hoa");
        return [.. body.RootElement.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("rule").GetString() == rule)
            .Select(i => DateOnly.Parse(i.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture))];
    }

    private async Task<JsonDocument> GetJsonAsync(string url)
    {
        using var response = url.StartsWith("/api/admin/", StringComparison.Ordinal)
            ? await _client.AdminGetAsync(new Uri(url, UriKind.Relative))
            : await _client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
