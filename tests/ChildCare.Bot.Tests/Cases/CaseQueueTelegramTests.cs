using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChildCare.Bot.Tests.Conversations;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.FakeTelegram;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChildCare.Bot.Tests.Cases;

/// <summary>The case queue end to end: a report in, the commune's alert, the case taken, the clocks running out.</summary>
public sealed class CaseQueueTelegramTests(ITestOutputHelper output)
{
    private const long Collaborator = 8001;
    internal const long Lan = 8101;
    private const long Chairman = 8102;
    private const long ProvinceLead = 8103;
    internal const long Stranger = 8201;

    [Fact]
    public async Task HighRiskReport_AlertsTheCommune_IsTaken_AndItsClockWarnsThenEscalates()
    {
        var time = new ShiftedTimeProvider();
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(HelpDeskTelegramTests.Settings(fake), time: time);
        using var client = app.CreateClient();
        await SetUpUnitsAndOfficialsAsync(client, fake, app);

        // A collaborator reports a child in danger now, typed without accents: where and what, then filed at once
        // (issue 15: no review before an urgent report is filed).
        var reporter = new TelegramChat(fake, app, Collaborator);
        await reporter.SayAsync("/start report");
        foreach (var answer in new[] { "co", "thanh hoa", "cam tan", "thon 2", "chau bi bo duong danh, co vet bam tren tay", "bo qua" })
        {
            await reporter.SayAsync(answer);
        }

        Assert.Contains("Mã báo cáo", reporter.LastText, StringComparison.Ordinal);
        await using (var db = TelegramChannelTests.Db(app))
        {
            Assert.Equal(RiskLevel.High, (await db.Cases.SingleAsync()).Risk);
        }

        // The commune's case worker is alerted at once, with what an alert may show and nothing more.
        var lan = new TelegramChat(fake, app, Lan);
        await lan.WaitForAsync("Vụ việc mới");
        var alert = lan.LastText;
        Assert.Contains("TE-", alert, StringComparison.Ordinal);
        Assert.Contains("Cao", alert, StringComparison.Ordinal);
        // The unit it was routed to, not the commune as the reporter typed it (that is sealed with the details).
        Assert.Contains("Đơn vị xử lý: Xã Cẩm Tân", alert, StringComparison.Ordinal);
        Assert.DoesNotContain("cam tan", alert, StringComparison.Ordinal);
        Assert.Contains("Bạo lực", alert, StringComparison.Ordinal);
        Assert.DoesNotContain("vet bam", alert, StringComparison.Ordinal);
        Assert.DoesNotContain("thon 2", alert, StringComparison.Ordinal);

        // An official of another commune cannot open it with the same button.
        var open = lan.Button("Xem chi tiết");
        var stranger = new TelegramChat(fake, app, Stranger);
        await stranger.PressAsync(open, "stranger-open");
        Assert.Contains("không có quyền", stranger.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("vet bam", stranger.LastText, StringComparison.Ordinal);

        // Lan opens and takes it; the 12-hour clock shows.
        await lan.PressAsync(open, "lan-open");
        Assert.Contains("vet bam", lan.LastText, StringComparison.Ordinal);
        // The details cannot be forwarded or saved from Telegram.
        var details = fake.CallsTo("sendMessage").Last(c => c.ChatId == Lan && c.Parameters.GetProperty("text").GetString()!.Contains("vet bam", StringComparison.Ordinal));
        Assert.True(details.Parameters.TryGetProperty("protect_content", out var protect) && protect.GetBoolean());
        await lan.PressAsync(lan.Button("Nhận xử lý"), "lan-take");
        Assert.Contains("Bạn đã nhận xử lý", lan.LastText, StringComparison.Ordinal);
        Assert.Contains("Hạn can thiệp khẩn cấp", lan.LastText, StringComparison.Ordinal);
        Assert.Contains("còn 11 giờ", lan.LastText, StringComparison.Ordinal);

        // Ten hours later: the warning, to Lan and the chairman.
        var watch = app.Services.GetRequiredService<CaseWatch>();
        time.Advance(TimeSpan.FromHours(10) + TimeSpan.FromMinutes(5));
        await watch.RunOnceAsync(CancellationToken.None);
        await lan.WaitForAsync("Sắp hết hạn can thiệp khẩn cấp");
        var chairman = new TelegramChat(fake, app, Chairman);
        await chairman.WaitForAsync("Sắp hết hạn can thiệp khẩn cấp");

        // Past twelve hours with no intervention: the escalation reaches the chairman.
        time.Advance(TimeSpan.FromHours(2));
        await watch.RunOnceAsync(CancellationToken.None);
        await chairman.WaitForAsync("Đã quá hạn can thiệp khẩn cấp");
        Assert.Contains("quá ", chairman.LastText, StringComparison.Ordinal);

        await using (var db = TelegramChannelTests.Db(app))
        {
            var record = await db.CaseEvents.Select(e => new { e.Action, e.Actor }).ToListAsync();
            Assert.Contains(record, e => e.Action == CaseAction.Read && e.Actor.StartsWith("official:", StringComparison.Ordinal));
            Assert.Contains(record, e => e.Action == CaseAction.Taken);
            Assert.Equal(1, record.Count(e => e.Action == CaseAction.Read));
        }
    }

    /// <summary>
    /// The case clocks as Hangfire jobs, nothing polling: the new-case alert goes out through the job enqueued at
    /// filing, and with the clock moved to 30 s before the 12-hour limit's warning (the jobs scheduled at filing are
    /// then 10 real hours away), the sweep's job for that moment sends it within a minute of the moment.
    /// </summary>
    [Fact]
    public async Task HighRiskCase_WarningOfTheTwelveHourLimitArrivesWithinAMinuteOfItsMoment_WithNoPolling()
    {
        var time = new ShiftedTimeProvider();
        await using var fake = await FakeTelegramServer.StartAsync();
        var settings = HelpDeskTelegramTests.Settings(fake);
        settings["Scheduler:CaseSweepMinutes"] = "1";
        settings["Scheduler:PollSeconds"] = "1";
        await using var app = new ChildCareAppFactory(settings, time: time);
        using var client = app.CreateClient();
        await SetUpUnitsAndOfficialsAsync(client, fake, app);

        var reporter = new TelegramChat(fake, app, Collaborator);
        await reporter.SayAsync("/start report");
        foreach (var answer in new[] { "co", "thanh hoa", "cam tan", "thon 2", "chau bi bo duong danh, co vet bam tren tay", "bo qua" })
        {
            await reporter.SayAsync(answer);
        }

        var lan = new TelegramChat(fake, app, Lan);
        await lan.WaitForAsync("Vụ việc mới");
        ChildCase filed;
        await using (var db = TelegramChannelTests.Db(app))
        {
            filed = await db.Cases.AsNoTracking().SingleAsync();
            var newCase = await db.CaseAlerts.AsNoTracking().SingleAsync(a => a.Kind == CaseAlertKind.NewCase);
            output.WriteLine($"New-case alert written {(newCase.SentAt - filed.ReceivedAt).TotalSeconds:0.0} s after filing");
            Assert.InRange(newCase.SentAt - filed.ReceivedAt, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        }

        var moment = filed.EmergencyDueAt!.Value.AddMinutes(-CaseSettings.Default.EmergencyWarningMinutes);
        Assert.Equal(filed.ReceivedAt.AddHours(10), moment);
        time.Advance(moment - TimeSpan.FromSeconds(30) - time.GetUtcNow());

        var waited = System.Diagnostics.Stopwatch.StartNew();
        CaseAlert? warning = null;
        while (warning is null && waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            await using var db = TelegramChannelTests.Db(app);
            warning = await db.CaseAlerts.AsNoTracking().SingleOrDefaultAsync(a => a.CaseId == filed.Id && a.Kind == CaseAlertKind.EmergencyWarning);
        }

        Assert.NotNull(warning);
        output.WriteLine($"12-hour limit's warning written {(warning.SentAt - moment).TotalSeconds:0.0} s after its moment (goal: within 60 s, never before)");
        Assert.InRange(warning.SentAt - moment, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        await lan.WaitForAsync("Sắp hết hạn can thiệp khẩn cấp");
        await new TelegramChat(fake, app, Chairman).WaitForAsync("Sắp hết hạn can thiệp khẩn cấp");
    }

    [Fact]
    public async Task RiskAndNote_TakeATypedReason_AndAStageMoveIsGuarded()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(HelpDeskTelegramTests.Settings(fake));
        using var client = app.CreateClient();
        await SetUpUnitsAndOfficialsAsync(client, fake, app);
        var draft = new ReportDraft
        {
            Id = Guid.NewGuid(), StartedAt = TimeProvider.System.GetUtcNow(), DangerNow = false, ProvinceCode = "thanh-hoa", ProvinceAnswered = true,
            Commune = "Cẩm Tân", AgeBand = AgeBand.Under6, ChildSex = ChildSex.Boy, Category = CaseCategory.Neglect,
            Description = "chau o nha mot minh", Suspect = SuspectRelation.Unknown, Anonymous = true,
        };
        await app.Services.GetRequiredService<CaseIntake>().FileAsync(draft, "telegram", 1, CancellationToken.None);
        var lan = new TelegramChat(fake, app, Lan);
        await lan.WaitForAsync("Vụ việc mới");

        await lan.PressAsync(lan.Button("Mức nguy cơ"), "risk");
        await lan.PressAsync(lan.Button("Cao"), "risk-high");
        Assert.Contains("lý do", lan.LastText, StringComparison.Ordinal);
        await lan.SayAsync("me bo di, khong ai cham soc");
        Assert.Contains("Đã cập nhật mức nguy cơ", lan.LastText, StringComparison.Ordinal);

        await lan.PressAsync(lan.Button("Chuyển bước"), "move");
        Assert.Contains("Đánh giá ban đầu", string.Join(" ", lan.ButtonTexts), StringComparison.Ordinal);
        Assert.DoesNotContain("Thực hiện kế hoạch", string.Join(" ", lan.ButtonTexts), StringComparison.Ordinal);
        await lan.PressAsync(lan.Button("Đánh giá ban đầu"), "move-1");
        Assert.Contains("Đã chuyển bước", lan.LastText, StringComparison.Ordinal);

        // A stale button of a move no longer allowed is refused with the reason.
        await lan.PressAsync(lan.Button("Chuyển bước"), "move-again");
        var id = lan.Button("Can thiệp khẩn cấp").Split(':')[2];
        await lan.PressAsync($"cs:mv:{id}:SupportPlan", "illegal");
        Assert.Contains("Không thực hiện được", lan.LastText, StringComparison.Ordinal);

        await using var db = TelegramChannelTests.Db(app);
        var filed = await db.Cases.SingleAsync();
        Assert.Equal(RiskLevel.High, filed.Risk);
        Assert.Equal(CaseStage.InitialAssessment, filed.Stage);
    }

    [Fact]
    public async Task Referral_ToAnotherCommune_IsAcceptedThere_AndTheCaseMovesWithItsRights()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(HelpDeskTelegramTests.Settings(fake));
        using var client = app.CreateClient();
        await SetUpUnitsAndOfficialsAsync(client, fake, app);
        await FileAsync(app, "Cẩm Tân");
        var lan = new TelegramChat(fake, app, Lan);
        await lan.WaitForAsync("Vụ việc mới");
        var open = lan.Button("Xem chi tiết");

        await lan.PressAsync(lan.Button("Chuyển bước"), "move");
        await lan.PressAsync(lan.Button("Chuyển đơn vị khác"), "refer");
        await lan.SayAsync("cam thuy, tre da ve o voi ba ngoai o Cam Thuy");
        Assert.Contains("Đã chuyển vụ việc", lan.LastText, StringComparison.Ordinal);

        var receiving = new TelegramChat(fake, app, Stranger);
        await receiving.WaitForAsync("được chuyển đến");
        await receiving.PressAsync(receiving.Button("Nhận vụ việc"), "accept");
        Assert.Contains("Đơn vị bạn đã nhận", receiving.LastText, StringComparison.Ordinal);

        await receiving.PressAsync(open, "open-after");
        Assert.Contains("chau o nha mot minh", receiving.LastText, StringComparison.Ordinal);
        await lan.PressAsync(open, "open-lost");
        Assert.Contains("không có quyền", lan.LastText, StringComparison.Ordinal);
        await using var db = TelegramChannelTests.Db(app);
        var events = await db.CaseEvents.Select(e => e.Action).ToListAsync();
        Assert.Contains(CaseAction.Referred, events);
        Assert.Contains(CaseAction.ReferralAccepted, events);
    }

    private static Task<CommandOutcome> FileAsync(ChildCareAppFactory app, string commune) =>
        app.Services.GetRequiredService<CaseIntake>().FileAsync(new ReportDraft
        {
            Id = Guid.NewGuid(), StartedAt = TimeProvider.System.GetUtcNow(), DangerNow = false, ProvinceCode = "thanh-hoa", ProvinceAnswered = true,
            Commune = commune, AgeBand = AgeBand.Under6, ChildSex = ChildSex.Boy, Category = CaseCategory.Neglect,
            Description = "chau o nha mot minh", Suspect = SuspectRelation.Unknown, Anonymous = true,
        }, "telegram", 1, CancellationToken.None);

    internal static async Task SetUpUnitsAndOfficialsAsync(HttpClient client, FakeTelegramServer fake, ChildCareAppFactory app)
    {
        var plan = new
        {
            plan = new { code = "cases-test", titleVi = "Thử vụ việc" },
            units = new object[]
            {
                new { code = "thanh-hoa", nameVi = "Tỉnh Thanh Hóa", nameEn = "Thanh Hoa province", kind = "Province" },
                new { code = "thanh-hoa/cam-tan", nameVi = "Xã Cẩm Tân", nameEn = "Cam Tan commune", kind = "Commune", parent = "thanh-hoa" },
                new { code = "thanh-hoa/cam-thuy", nameVi = "Xã Cẩm Thủy", nameEn = "Cam Thuy commune", kind = "Commune", parent = "thanh-hoa" },
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
        using (var imported = await client.AdminPostAsJsonAsync("/api/admin/plans", plan))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        foreach (var (chat, unit, role) in new[] { (Lan, "thanh-hoa/cam-tan", "ChildProtection"), (Chairman, "thanh-hoa/cam-tan", "Supervisor"), (ProvinceLead, "thanh-hoa", "Supervisor"), (Stranger, "thanh-hoa/cam-thuy", "ChildProtection") })
        {
            using var invite = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit, role });
            var code = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            await new TelegramChat(fake, app, chat).SayAsync("/join " + code);
        }

        await using var db = TelegramChannelTests.Db(app);
        // The four who joined by chat (the web administrator made at start has no chat).
        Assert.Equal(4, await db.Officials.CountAsync(o => o.Channel == "telegram"));
    }
}
