using System.Net;
using System.Text.RegularExpressions;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Dashboard;

/// <summary>
/// An official who has only the web marks a deadline done from the overview, as the chat's button does; the pages
/// and the chat name the same legal last day.
/// </summary>
public sealed partial class DeadlineDonePageTests
{
    private const long Lan = 7301;
    private const long Chief = 7302;
    private const long Minh = 7303;

    [Fact]
    public async Task OverviewDoneButton_MarksTheDeadlineDone_AndTellsTheUnit_WhenItsOfficialPostsIt()
    {
        // Tuesday 17/11/2037: the yearly report due Sunday 15/11 ended with Monday 16/11. (In the future: a sign-in
        // cookie made on a clock moved back would have expired for the HTTP client, which reads the real clock.)
        // The officials joined the week before, so the deadline was theirs.
        var time = new ShiftedTimeProvider();
        time.Advance(VietnamTime.At(new DateOnly(2037, 11, 10), new TimeOnly(9, 0)) - TimeProvider.System.GetUtcNow());
        await using var app = new ChildCareAppFactory(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" }, time: time);
        await SetUpAsync(app);
        time.Advance(TimeSpan.FromDays(7));
        long id;
        await using (var db = Db(app))
        {
            id = await db.Occurrences.Where(o => o.Rule!.Unit!.Code == "thanh-hoa/cam-tan" && o.DueDate == new DateOnly(2037, 11, 15)).Select(o => o.Id).SingleAsync();
        }

        using var lan = await Plans.PlanTestApp.SignedInAsync(app, Lan);
        var overview = await PageAsync(lan, "/overview");
        Assert.Contains("hết Thứ Hai 16/11/2037", overview, StringComparison.Ordinal);
        Assert.Contains($"action=\"deadlines/{id}/done\"", overview, StringComparison.Ordinal);

        // Minh, of another commune, is shown no button for it and is refused if he posts one.
        using var minh = await Plans.PlanTestApp.SignedInAsync(app, Minh);
        Assert.DoesNotContain($"deadlines/{id}/done", await PageAsync(minh, "/calendar?month=2037-11"), StringComparison.Ordinal);
        Assert.Contains("Bạn chỉ đánh dấu được việc của đơn vị mình", await PostAsync(minh, "/calendar?month=2037-11", $"/deadlines/{id}/done"), StringComparison.Ordinal);

        var after = await PostAsync(lan, "/overview", $"/deadlines/{id}/done");

        Assert.Contains("Đã đánh dấu hoàn thành", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"deadlines/{id}/done", after, StringComparison.Ordinal);
        await using (var db = Db(app))
        {
            var lanId = await db.Officials.Where(o => o.ChatId == Lan).Select(o => o.Id).SingleAsync();
            var occurrence = await db.Occurrences.AsNoTracking().SingleAsync(o => o.Id == id);
            Assert.Equal((OccurrenceStatus.Done, (long?)lanId), (occurrence.Status, occurrence.DoneByOfficialId));
            Assert.Single(await db.OutboxMessages.AsNoTracking().Where(m => m.ChatId == Chief && m.Purpose == MessagePurposes.ReminderDone).ToListAsync());
        }

        // The same press again says someone was first.
        Assert.Contains("đã có người đánh dấu hoàn thành", await PostAsync(lan, "/overview", $"/deadlines/{id}/done"), StringComparison.Ordinal);
    }

    /// <summary>Fresh demo data showed every earlier deadline of the year as overdue and missed for units nobody had joined.</summary>
    [Fact]
    public async Task Overview_ShowsNoOverdueAndComplianceNoMiss_ForADeadlineThatEndedBeforeTheUnitHadAnOfficial()
    {
        // The officials join on Tuesday 17/11/2037, the day after the yearly report's legal last day.
        var time = new ShiftedTimeProvider();
        time.Advance(VietnamTime.At(new DateOnly(2037, 11, 17), new TimeOnly(9, 0)) - TimeProvider.System.GetUtcNow());
        await using var app = new ChildCareAppFactory(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" }, time: time);
        await SetUpAsync(app);
        using var lan = await Plans.PlanTestApp.SignedInAsync(app, Lan);

        var overview = await PageAsync(lan, "/overview");
        var csv = await PageAsync(lan, "/exports/compliance.csv?year=2037");

        Assert.DoesNotContain("hết Thứ Hai 16/11/2037", overview, StringComparison.Ordinal);
        var row = Assert.Single(csv.Split('\n'), l => l.StartsWith("\"thanh-hoa/cam-tan\",", StringComparison.Ordinal)).TrimEnd('\r').Split(',');
        // Due so far and missed: none.
        Assert.Equal(("\"0\"", "\"0\""), (row[2], row[5]));
        // The calendar still shows it, not as missed, and it may still be marked done.
        var calendar = await PageAsync(lan, "/calendar?month=2037-11");
        Assert.Contains("Báo cáo năm Cẩm Tân", calendar, StringComparison.Ordinal);
        Assert.Contains("/done\"", calendar, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoneButton_IsRefused_WithoutTheAntiforgeryToken()
    {
        await using var app = new ChildCareAppFactory(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });
        await SetUpAsync(app);
        long id;
        await using (var db = Db(app))
        {
            id = await db.Occurrences.Where(o => o.Rule!.Unit!.Code == "thanh-hoa/cam-tan").Select(o => o.Id).FirstAsync();
        }

        using var lan = await Plans.PlanTestApp.SignedInAsync(app, Lan);
        using var form = new FormUrlEncodedContent([new("back", "/overview")]);
        using var posted = await lan.PostAsync(new Uri($"/deadlines/{id}/done", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        await using var check = Db(app);
        Assert.Equal(OccurrenceStatus.Open, (await check.Occurrences.AsNoTracking().SingleAsync(o => o.Id == id)).Status);
    }

    [Theory]
    [InlineData("/calendar?month=2037-11", "/calendar?month=2037-11")]
    [InlineData("https://evil.example/", "/overview")]
    [InlineData("//evil.example/calendar?month=2037-11", "/overview")]
    [InlineData(null, "/overview")]
    public void Back_StaysOnTheOverviewOrTheCalendar_WhateverTheFormSays(string? asked, string expected) =>
        Assert.Equal(expected, Pages.Calendar.DeadlineDoneEndpoints.Back(asked));

    private static async Task SetUpAsync(ChildCareAppFactory app)
    {
        using var client = app.CreateClient();
        await CamTanPlan.ImportAsync(client, "done-test", withCamThuy: true, ruleTitle: "Báo cáo năm Cẩm Tân");
        foreach (var (chat, unit, role) in new[] { (Lan, CamTanPlan.Unit, "ChildProtection"), (Chief, CamTanPlan.Unit, "Supervisor"), (Minh, CamTanPlan.OtherUnit, "ChildProtection") })
        {
            await CamTanPlan.JoinAsync(client, app.Services, chat, name: null, unit, role);
        }
    }

    private static async Task<string> PageAsync(HttpClient browser, string url)
    {
        using var page = await browser.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }

    /// <summary>Posts the done form from <paramref name="page"/> (its token), follows the 303 back and answers that page.</summary>
    private static async Task<string> PostAsync(HttpClient browser, string page, string action)
    {
        var html = await PageAsync(browser, page);
        var token = AntiforgeryToken().Match(html).Groups[1].Value;
        using var form = new FormUrlEncodedContent([new("back", page), new("__RequestVerificationToken", token)]);
        using var posted = await browser.PostAsync(new Uri(action, UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.StartsWith(page, posted.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        return await PageAsync(browser, posted.Headers.Location!.PathAndQuery);
    }

    private static ChildCareDbContext Db(ChildCareAppFactory app) =>
        app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
