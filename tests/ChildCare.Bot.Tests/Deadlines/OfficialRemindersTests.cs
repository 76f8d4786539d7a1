using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Time;
using ChildCare.FakeTelegram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Deadlines;

/// <summary>The officials' half end to end: invite, join in chat, reminder with buttons, done for the whole unit.</summary>
public sealed class OfficialRemindersTests
{
    private const long Lan = 5001;
    private const long Minh = 5002;

    [Fact]
    public async Task Officials_GetOneReminderWithButtons_AndDoneStopsItForTheWholeUnit()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        var settings = TelegramChannelTests.Settings(fake, "Polling");
        settings["Deadlines:LoadDemoData"] = "false";
        // Reminders at midnight, looked for over ten days and never late: due as soon as the test runs, at any hour.
        settings["Deadlines:ReminderTime"] = "00:00";
        settings["Deadlines:ReminderWindowHours"] = "240";
        settings["Deadlines:LateAfterMinutes"] = "10080";
        await using var app = new ChildCareAppFactory(settings);
        using var client = app.CreateClient();
        var today = VietnamTime.Today(TimeProvider.System);

        // Due in 10 days or, when that is a day off, on the working day after (the countdown runs to a deadline's
        // legal end, so a Saturday due date would say "12 ngày nữa"): the same test on any day of the year.
        var holidays = app.Services.GetRequiredService<ChildCare.Core.Calendar.HolidayCalendar>();
        var lead = 10;
        while (holidays.IsDayOff(today.AddDays(lead)))
        {
            lead++;
        }

        var due = today.AddDays(lead);

        // An administrator sets up a commune, a report due in about 10 days and invites two officials.
        var plan = new
        {
            plan = new { code = "test-plan", titleVi = "Kế hoạch thử" },
            units = new object[]
            {
                new { code = "tinh", nameVi = "Tỉnh Thử", nameEn = "Test province", kind = "Province" },
                new { code = "tinh/xa", nameVi = "Xã Thử", nameEn = "Test commune", kind = "Commune", parent = "tinh" },
            },
            rules = new object[]
            {
                new
                {
                    code = "report", units = new[] { "tinh/xa" }, role = "ChildProtection", kind = "Deadline",
                    titleVi = "Báo cáo năm", titleEn = "Yearly report",
                    recurrence = "once " + due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    leadDays = new[] { lead },
                },
            },
        };
        using (var imported = await client.AdminPostAsJsonAsync("/api/admin/plans", plan))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        var codeLan = await InviteAsync(client, "tinh/xa", "ChildProtection");
        var codeMinh = await InviteAsync(client, "tinh/xa", "ChildProtection");
        fake.EnqueueMessage(Lan, "/start join-" + codeLan);
        fake.EnqueueUpdate(Message(Minh, "/join " + codeMinh, "en"));
        await TelegramChannelTests.Eventually(() => fake.CallsTo("sendMessage").Count(c => c.ChatId is Lan or Minh) >= 2);
        Assert.Contains("Xã Thử", Text(fake, Lan).Last(), StringComparison.Ordinal);
        Assert.Contains("Test commune", Text(fake, Minh).Last(), StringComparison.Ordinal);

        // The scheduler's jobs, run now rather than waiting for Hangfire.
        var reminders = app.Services.GetRequiredService<ReminderService>();
        await reminders.MaterialiseAsync(CancellationToken.None);
        await reminders.MaterialiseAsync(CancellationToken.None);
        Assert.Equal(2, await reminders.DispatchDueAsync(CancellationToken.None));
        await TelegramChannelTests.Eventually(() => Reminders(fake).Count == 2);

        var toLan = Reminders(fake).Single(c => c.ChatId == Lan);
        var text = toLan.Parameters.GetProperty("text").GetString()!;
        Assert.Contains("Báo cáo năm", text, StringComparison.Ordinal);
        Assert.Contains(due.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.Contains($"{lead} ngày nữa", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Nhắc muộn", text, StringComparison.Ordinal);
        Assert.Contains($"{lead} days from now", Reminders(fake).Single(c => c.ChatId == Minh).Parameters.GetProperty("text").GetString()!, StringComparison.Ordinal);
        var buttons = toLan.Parameters.GetProperty("reply_markup").GetProperty("inline_keyboard").EnumerateArray()
            .SelectMany(row => row.EnumerateArray()).Select(b => (Text: b.GetProperty("text").GetString()!, Data: b.GetProperty("callback_data").GetString()!)).ToList();
        Assert.Equal(["✅ Đã hoàn thành", "⏰ Nhắc lại sau", "ℹ️ Chi tiết"], buttons.Select(b => b.Text));

        // Lan asks for details, then marks it done.
        var before = fake.CallsTo("sendMessage").Count;
        fake.EnqueueUpdate(Callback(Lan, "cb-1", buttons[2].Data));
        fake.EnqueueUpdate(Callback(Lan, "cb-2", buttons[0].Data));
        await TelegramChannelTests.Eventually(() => fake.CallsTo("sendMessage").Count >= before + 3);
        Assert.Equal(2, fake.CallsTo("answerCallbackQuery").Count);
        Assert.Contains(Text(fake, Lan), t => t.Contains("Kế hoạch thử", StringComparison.Ordinal));
        Assert.Contains(Text(fake, Lan), t => t.Contains("Đã ghi nhận", StringComparison.Ordinal));
        Assert.Contains(Text(fake, Minh), t => t.Contains("was marked done by", StringComparison.Ordinal));

        await using (var db = TelegramChannelTests.Db(app))
        {
            var occurrence = await db.Occurrences.SingleAsync();
            Assert.Equal(OccurrenceStatus.Done, occurrence.Status);
            Assert.Equal(await db.Officials.Where(o => o.ChatId == Lan).Select(o => o.Id).SingleAsync(), occurrence.DoneByOfficialId);
        }

        // Nothing more about it, however often the jobs run.
        await reminders.MaterialiseAsync(CancellationToken.None);
        Assert.Equal(0, await reminders.DispatchDueAsync(CancellationToken.None));
        await Task.Delay(500);
        Assert.Equal(2, Reminders(fake).Count);
    }

    [Fact]
    public async Task Deadlines_ListsTheUnitsNextDeadlines_WhenAnOfficialAsks()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(TelegramChannelTests.Settings(fake, "Polling"));
        using var client = app.CreateClient();

        // The demo data: Cẩm Đông ward owes a weekly news item and monthly updates.
        var code = await InviteAsync(client, "quang-ninh/cam-dong", "Culture");
        fake.EnqueueMessage(Lan, "/join " + code);
        fake.EnqueueMessage(Lan, "/hanchot");
        fake.EnqueueMessage(Minh, "/hanchot");
        await TelegramChannelTests.Eventually(() => Text(fake, Lan).Count >= 2 && Text(fake, Minh).Count >= 1);

        var list = Text(fake, Lan)[1];
        Assert.Contains("Các hạn trong 60 ngày tới", list, StringComparison.Ordinal);
        Assert.Contains("Phường Cẩm Đông", list, StringComparison.Ordinal);
        Assert.Contains(" ngày nữa", list, StringComparison.Ordinal);
        Assert.Contains("/join", Text(fake, Minh)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_RefusesAWrongCode_AndAdminApiRefusesRemoteCallersWithoutKey()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        var settings = TelegramChannelTests.Settings(fake, "Polling");
        settings["Admin:ApiKey"] = "0123456789abcdefghijklmnopqrstuv";
        await using var app = new ChildCareAppFactory(settings);
        using var client = app.CreateClient();

        using var refused = await client.PostAsJsonAsync("/api/admin/invites", new { unit = "quang-ninh", role = "Supervisor" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        client.DefaultRequestHeaders.Add("X-Api-Key", "0123456789abcdefghijklmnopqrstuv");
        Assert.False(string.IsNullOrEmpty(await InviteAsync(client, "quang-ninh", "Supervisor")));

        fake.EnqueueMessage(Lan, "/join WRONGCODE1");
        await TelegramChannelTests.Eventually(() => Text(fake, Lan).Count >= 1);
        Assert.Contains("không đúng hoặc đã hết hạn", Text(fake, Lan)[0], StringComparison.Ordinal);
    }

    private static async Task<string> InviteAsync(HttpClient client, string unit, string role)
    {
        using var response = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit, role });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("/join " + body.RootElement.GetProperty("code").GetString(), body.RootElement.GetProperty("joinCommand").GetString());
        return body.RootElement.GetProperty("code").GetString()!;
    }

    private static List<FakeTelegramCall> Reminders(FakeTelegramServer fake) =>
        [.. fake.CallsTo("sendMessage").Where(c => c.Parameters.TryGetProperty("reply_markup", out _))];

    private static List<string> Text(FakeTelegramServer fake, long chat) =>
        [.. fake.CallsTo("sendMessage").Where(c => c.ChatId == chat).Select(c => c.Parameters.GetProperty("text").GetString()!)];

    private static object Message(long chat, string text, string language) => new
    {
        message = new
        {
            message_id = Random.Shared.Next(1, 1_000_000),
            date = 1_700_000_000,
            chat = new { id = chat, type = "private" },
            from = new { id = chat, is_bot = false, first_name = "Minh", language_code = language },
            text,
        },
    };

    private static object Callback(long chat, string id, string data) => new
    {
        callback_query = new
        {
            id,
            from = new { id = chat, is_bot = false, first_name = "Lan", language_code = "vi" },
            message = new { message_id = 1, date = 1_700_000_000, chat = new { id = chat, type = "private" }, text = "x" },
            chat_instance = "ci",
            data,
        },
    };
}
