using System.Text;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Core.Tests.Conversations;

/// <summary>The engine and the case intake on a real database, both providers.</summary>
public sealed class ConversationEngineTests
{
    private const string Channel = "test";

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task File_SameDraftTwiceAndConcurrently_IsOneCase_AndCodesFollowTheYear(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        var draft = Draft();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => host.Intake.FileAsync(draft, Channel, 1, CancellationToken.None)));
        var second = await host.Intake.FileAsync(Draft(), Channel, 2, CancellationToken.None);

        Assert.All(results, r => Assert.Equal("TE-2026-000001", Assert.IsType<ReportFiled>(r).Code));
        Assert.Equal("TE-2026-000002", Assert.IsType<ReportFiled>(second).Code);
        await using var db = host.Db();
        Assert.Equal(2, await db.Cases.CountAsync());
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task File_ManyDraftsAtOnce_GetDistinctConsecutiveCodes(string provider)
    {
        await using var host = await Host.StartAsync(provider);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => host.Intake.FileAsync(Draft(), Channel, 100 + i, CancellationToken.None)));

        var codes = results.Select(r => Assert.IsType<ReportFiled>(r).Code).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(i => CaseCode.Format(2026, i)), codes);
    }

    [Fact]
    public async Task File_TakesNumbersInCommitOrder_WithoutGaps_WhenAnotherIntakeIsInFlightOrRolledBack()
    {
        // PostgreSQL numbers a case as its intake commits (the deferred trigger of Persistence/AuditTriggers.cs).
        await using var host = await Host.StartAsync(TestDatabase.Postgres);
        var rolledBack = Placeholder();
        await using (var pending = host.Db())
        await using (var transaction = await pending.Database.BeginTransactionAsync())
        {
            pending.Cases.Add(rolledBack);
            await pending.SaveChangesAsync();

            // Filed while another intake's case is in, uncommitted: nothing waits for it, and it took no number.
            var first = await host.Intake.FileAsync(Draft(), Channel, 1, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("TE-2026-000001", Assert.IsType<ReportFiled>(first).Code);
            await transaction.RollbackAsync();
        }

        var second = await host.Intake.FileAsync(Draft(), Channel, 2, CancellationToken.None);
        var committed = Placeholder();
        await using (var other = host.Db())
        {
            other.Cases.Add(committed);
            await other.SaveChangesAsync();
        }

        Assert.Equal("TE-2026-000002", Assert.IsType<ReportFiled>(second).Code);
        await using var db = host.Db();
        var numbered = await db.Cases.AsNoTracking().Where(c => c.Id == committed.Id).Select(c => new { c.Code, c.Sequence }).SingleAsync();
        Assert.Equal(("TE-2026-000003", 3L), (numbered.Code, numbered.Sequence));
        Assert.False(await db.Cases.AnyAsync(c => c.Id == rolledBack.Id));
    }

    [Fact]
    public async Task File_KeepsTheCodeOfACaseInsertedWithOne_OnPostgres()
    {
        // Only a placeholder ("~...") is numbered: a case written with its code (a test, an import) keeps it.
        await using var host = await Host.StartAsync(TestDatabase.Postgres);
        var imported = Placeholder(("TE-2026-000042", 42));
        await using (var db = host.Db())
        {
            db.Cases.Add(imported);
            await db.SaveChangesAsync();
        }

        var filed = await host.Intake.FileAsync(Draft(), Channel, 3, CancellationToken.None);

        Assert.Equal("TE-2026-000001", Assert.IsType<ReportFiled>(filed).Code);
        await using var check = host.Db();
        Assert.Equal("TE-2026-000042", await check.Cases.Where(c => c.Id == imported.Id).Select(c => c.Code).SingleAsync());
    }

    [Fact]
    public async Task File_SealsWhatIdentifiesTheChild_AndKeepsTheChatOnlyWithConsent()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        var anonymous = Draft() with { ChildName = "Nguyễn Thị Hoa", Address = "số 12 ngõ 5" };
        var named = Draft() with { Anonymous = false, ReporterName = "Lan", ReporterPhone = "0912345678", ContactConsent = true };

        await host.Intake.FileAsync(anonymous, Channel, 41, CancellationToken.None);
        await host.Intake.FileAsync(named, Channel, 42, CancellationToken.None);

        await using var db = host.Db();
        var cases = await db.Cases.OrderBy(c => c.Id).ToListAsync();
        var raw = Encoding.UTF8.GetString(cases[0].SealedDetails);
        Assert.DoesNotContain("Hoa", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("ngõ", raw, StringComparison.Ordinal);
        Assert.Equal("Nguyễn Thị Hoa", host.Intake.Open(cases[0]).ChildName);
        Assert.Null(host.Intake.Open(cases[0]).ReporterChatId);
        Assert.Equal(42, host.Intake.Open(cases[1]).ReporterChatId);
        Assert.Equal("0912345678", host.Intake.Open(cases[1]).ReporterPhone);
        Assert.Matches("^[0-9a-f]{64}$", cases[0].ReporterKey);
        Assert.NotEqual(cases[0].ReporterKey, cases[1].ReporterKey);
    }

    [Fact]
    public async Task File_BeyondTheHourlyLimit_IsRefused_AndAllowedAgainAnHourLater()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<ReportFiled>(await host.Intake.FileAsync(Draft(), Channel, 7, CancellationToken.None));
        }

        Assert.IsType<ReportRefused>(await host.Intake.FileAsync(Draft(), Channel, 7, CancellationToken.None));
        Assert.IsType<ReportFiled>(await host.Intake.FileAsync(Draft(), Channel, 8, CancellationToken.None));
        host.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.IsType<ReportFiled>(await host.Intake.FileAsync(Draft(), Channel, 7, CancellationToken.None));
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Engine_KeepsTheStateBetweenMessages_SealedAndVersioned(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        await host.Engine.HandleAsync(Channel, 9, ConversationInput.FromText("/start report"), Language.Vi, CancellationToken.None);
        await host.Engine.HandleAsync(Channel, 9, ConversationInput.FromText("khong"), Language.Vi, CancellationToken.None);
        var result = await host.Engine.HandleAsync(Channel, 9, ConversationInput.FromText("Thanh Hóa"), Language.Vi, CancellationToken.None);

        Assert.Contains("xã/phường", result.Replies[^1].Html, StringComparison.Ordinal);
        await using var db = host.Db();
        var record = await db.Conversations.SingleAsync();
        Assert.Equal(3, record.Version);
        Assert.True(record.HasDraft);
        Assert.DoesNotContain("thanh-hoa", Encoding.UTF8.GetString(record.SealedState), StringComparison.Ordinal);
    }

    /// <summary>U+0000 typed into a report (PostgreSQL text cannot hold it) must not stop the report from being filed.</summary>
    [Fact]
    public async Task Engine_FilesAReport_WhenAnswersHoldNulCharacters()
    {
        await using var host = await Host.StartAsync(TestDatabase.Postgres);
        async Task<IReadOnlyList<ChatReply>> SayAsync(ConversationInput input) =>
            (await host.Engine.HandleAsync(Channel, 12, input, Language.Vi, CancellationToken.None)).Replies;

        await SayAsync(ConversationInput.FromText("bao cao"));
        foreach (var answer in new[] { "khong", "thanh hoa", "xa cam\0 tan", "thon\0 3", "bo qua", "9", "nam", "bo qua", "bi danh", "chau bi\0 danh", "cha duong", "an danh" })
        {
            await SayAsync(ConversationInput.FromText(answer));
        }

        var replies = await SayAsync(ConversationInput.FromButton("r:ReportReview:send"));

        Assert.Contains(replies, r => r.Html.Contains("TE-2026-000001", StringComparison.Ordinal));
        Assert.All(replies, r => Assert.DoesNotContain('\0', r.Html));
        await using var db = host.Db();
        Assert.Equal("xa cam tan", host.Intake.Open(await db.Cases.SingleAsync()).Commune);
    }

    [Fact]
    public async Task Engine_TwoInputsOfOneChatAtOnce_AreBothApplied()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        await host.Engine.HandleAsync(Channel, 10, ConversationInput.FromText("/language vi"), Language.Vi, CancellationToken.None);

        await Task.WhenAll(
            host.Engine.HandleAsync(Channel, 10, ConversationInput.FromText("/language en"), Language.Vi, CancellationToken.None),
            host.Engine.HandleAsync(Channel, 10, ConversationInput.FromText("/menu"), Language.Vi, CancellationToken.None));

        await using var db = host.Db();
        Assert.Equal(3, (await db.Conversations.SingleAsync()).Version);
        Assert.Equal(Language.En, await host.Engine.LanguageAsync(Channel, 10, Language.Vi, CancellationToken.None));
    }

    /// <summary>The chats handled at once are read in one query: each must still get its own state, and save it.</summary>
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Engine_KeepsEachChatsOwnState_WhenManyChatsAreHandledAtOnce(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        var chats = Enumerable.Range(30, 24).Select(i => (long)i).ToList();
        await Task.WhenAll(chats.Select(chat => Task.Run(() => host.Engine.HandleAsync(
            Channel, chat, ConversationInput.FromText(chat % 2 == 0 ? "/language en" : "/language vi"), Language.Vi, CancellationToken.None))));

        // Again at once, two inputs for chat 30 among them: each runs on the state the one before it saved.
        await Task.WhenAll(chats.Append(30).Select(chat => Task.Run(() => host.Engine.HandleAsync(
            Channel, chat, ConversationInput.FromText("/menu"), Language.Vi, CancellationToken.None))));

        await using var db = host.Db();
        var records = await db.Conversations.AsNoTracking().ToListAsync();
        Assert.Equal(chats, records.Select(r => r.ChatId).Order());
        Assert.All(records, r => Assert.Equal(r.ChatId == 30 ? 3 : 2, r.Version));
        foreach (var chat in chats)
        {
            Assert.Equal(chat % 2 == 0 ? Language.En : Language.Vi, await host.Engine.LanguageAsync(Channel, chat, Language.Vi, CancellationToken.None));
        }
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Recent_CountsEachChatsOwnReports_WhenManyChatsAskAtOnce(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        Assert.IsType<ReportFiled>(await host.Intake.FileAsync(Draft(), Channel, 41, CancellationToken.None));
        host.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.IsType<ReportFiled>(await host.Intake.FileAsync(Draft(), Channel, 41, CancellationToken.None));
        Assert.IsType<ReportFiled>(await host.Intake.FileAsync(Draft(), Channel, 42, CancellationToken.None));

        var recent = await Task.WhenAll(new long[] { 41, 42, 43, 41 }.Select(chat => Task.Run(async () =>
        {
            await using var db = host.Db();
            return await host.Intake.RecentAsync(db, Channel, chat, CancellationToken.None);
        })));

        Assert.Equal([(2, TimeSpan.FromMinutes(50)), (1, TimeSpan.FromMinutes(60)), (0, TimeSpan.Zero), (2, TimeSpan.FromMinutes(50))], recent);
    }

    [Fact]
    public async Task Engine_UnfinishedReportUntouchedTooLong_IsDeleted()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        await host.Engine.HandleAsync(Channel, 11, ConversationInput.FromText("/start report"), Language.Vi, CancellationToken.None);
        await host.Engine.HandleAsync(Channel, 12, ConversationInput.FromText("/start report"), Language.Vi, CancellationToken.None);
        host.Time.Advance(TimeSpan.FromDays(8));

        var result = await host.Engine.HandleAsync(Channel, 11, ConversationInput.FromText("co"), Language.Vi, CancellationToken.None);
        Assert.Contains("đã được xóa sau 7 ngày", result.Replies[0].Html, StringComparison.Ordinal);
        Assert.Equal(1, await host.Engine.DropStaleDraftsAsync(CancellationToken.None));

        await using var db = host.Db();
        Assert.False(await db.Conversations.AnyAsync(c => c.HasDraft));
    }

    [Fact]
    public async Task Engine_OldUnfinishedReport_IsResumedOnlyAfterConfirming_WithoutShowingItsAnswers()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        await host.Engine.HandleAsync(Channel, 14, ConversationInput.FromText("/start report"), Language.Vi, CancellationToken.None);
        await host.Engine.HandleAsync(Channel, 14, ConversationInput.FromText("khong"), Language.Vi, CancellationToken.None);
        await host.Engine.HandleAsync(Channel, 14, ConversationInput.FromText("Thanh Hóa"), Language.Vi, CancellationToken.None);
        host.Time.Advance(TimeSpan.FromMinutes(31));

        var asked = await host.Engine.HandleAsync(Channel, 14, ConversationInput.FromText("/start report"), Language.Vi, CancellationToken.None);
        var said = string.Join("\n", asked.Replies.Select(r => r.Html));
        Assert.Contains("báo cáo làm dở từ trước", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Thanh Hóa", said, StringComparison.Ordinal);

        var resumed = await host.Engine.HandleAsync(Channel, 14, ConversationInput.FromButton(Buttons.Continue), Language.Vi, CancellationToken.None);
        Assert.Contains(resumed.Replies, r => r.Html.Contains("xã", StringComparison.OrdinalIgnoreCase));

        host.Time.Advance(TimeSpan.FromMinutes(31));
        await host.Engine.HandleAsync(Channel, 14, ConversationInput.FromText("xa cam tan"), Language.Vi, CancellationToken.None);
        var discarded = await host.Engine.HandleAsync(Channel, 14, ConversationInput.FromButton(Buttons.Discard), Language.Vi, CancellationToken.None);
        Assert.Contains(discarded.Replies, r => r.Html.Contains("hủy", StringComparison.OrdinalIgnoreCase) || r.Html.Contains("xóa", StringComparison.OrdinalIgnoreCase));
        await using var db = host.Db();
        Assert.False(await db.Conversations.AnyAsync(c => c.ChatId == 14 && c.HasDraft));
    }

    [Fact]
    public async Task Engine_StateSealedWithAnotherKey_StartsAfreshPolitely()
    {
        var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, "conversations");
        await using (var first = await Host.AttachAsync(database, PrivacySettings.Ephemeral()))
        {
            await first.Engine.HandleAsync(Channel, 13, ConversationInput.FromText("/start report"), Language.Vi, CancellationToken.None);
        }

        await using var second = await Host.AttachAsync(database, PrivacySettings.Ephemeral());
        var result = await second.Engine.HandleAsync(Channel, 13, ConversationInput.FromText("/menu"), Language.Vi, CancellationToken.None);

        Assert.Contains("bắt đầu lại", result.Replies[0].Html, StringComparison.Ordinal);
        Assert.Contains("Bạn cần gì", result.Replies[^1].Html, StringComparison.Ordinal);
    }

    /// <summary>Issue 15: danger now is filed in five exchanges as high risk; the details follow into the same case.</summary>
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Engine_UrgentReport_IsFiledHighRiskInFiveExchanges_AndTheDetailsGoToTheSameCase(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        async Task<IReadOnlyList<ChatReply>> SayAsync(ConversationInput input) =>
            (await host.Engine.HandleAsync(Channel, 21, input, Language.Vi, CancellationToken.None)).Replies;

        await SayAsync(ConversationInput.FromText("Cứu! Bé đang bị đánh"));
        await SayAsync(ConversationInput.FromText("thanh hoa"));
        await SayAsync(ConversationInput.FromText("xa cam tan"));
        await SayAsync(ConversationInput.FromText("nha thu 3 gan cho"));
        var filed = await SayAsync(ConversationInput.FromText("0912345678"));

        Assert.Contains(filed, r => r.Html.Contains("TE-2026-000001", StringComparison.Ordinal));
        await using (var db = host.Db())
        {
            var urgent = await db.Cases.SingleAsync();
            Assert.True(urgent.DangerNow);
            Assert.Equal(RiskLevel.High, urgent.Risk);
            Assert.NotNull(urgent.EmergencyDueAt);
            Assert.Equal("nha thu 3 gan cho", host.Intake.Open(urgent).Address);
            Assert.Equal("0912345678", host.Intake.Open(urgent).ReporterPhone);
        }

        await SayAsync(ConversationInput.FromButton("m:continue"));
        foreach (var answer in new[] { "thon 3", "9", "gai", "bo qua", "bao luc", "bo duong", "Lan" })
        {
            await SayAsync(ConversationInput.FromText(answer));
        }

        var added = await SayAsync(ConversationInput.FromButton("r:ReportReview:send"));

        Assert.Contains(added, r => r.Html.Contains("Đã bổ sung", StringComparison.Ordinal));
        await using var after = host.Db();
        var same = await after.Cases.SingleAsync();
        var details = host.Intake.Open(same);
        Assert.Equal(9, details.ChildAge);
        Assert.Equal("thon 3", details.Village);
        Assert.Equal("Lan", details.ReporterName);
        Assert.Equal("nha thu 3 gan cho", details.Address);
        Assert.Equal(AgeBand.From6To10, same.AgeBand);
        Assert.Equal(ChildSex.Girl, same.ChildSex);
        Assert.Equal(SuspectRelation.Parent, same.Suspect);
        Assert.Equal(RiskLevel.High, same.Risk);
        Assert.True(await after.CaseEvents.AnyAsync(e => e.CaseId == same.Id && e.Action == CaseAction.DetailsAdded && e.Actor == "reporter"));
    }

    [Fact]
    public async Task WebReport_IsFollowedFromANewSession_WithItsCodeAndFollowCode_AndWrongTriesAreLimited()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        const string Web = ConversationEngine.WebChatChannel;
        async Task<string> SayAsync(long chat, string text) =>
            string.Join("\n", (await host.Engine.HandleAsync(Web, chat, ConversationInput.FromText(text), Language.Vi, CancellationToken.None)).Replies.Select(r => r.Html));

        foreach (var answer in new[] { "Cứu! Bé đang bị đánh", "thanh hoa", "xa cam tan", "gan cho" })
        {
            await SayAsync(41, answer);
        }

        var filed = await SayAsync(41, "bo qua");
        var shown = System.Text.RegularExpressions.Regex.Match(filed, @"/status (TE-2026-\d{6}) ([A-Z2-9]{4}-[A-Z2-9]{4})");
        Assert.True(shown.Success, filed);
        var (code, follow) = (shown.Groups[1].Value, shown.Groups[2].Value);
        Assert.DoesNotContain("đọc mã", filed, StringComparison.Ordinal);

        // Another session (the page forgot the first): the code alone finds nothing; with the follow code, the stage only.
        Assert.Contains("Không tìm thấy", await SayAsync(42, "/status " + code), StringComparison.Ordinal);
        var status = await SayAsync(42, $"/status {code} {follow.ToLowerInvariant()}");
        Assert.Contains("Đã tiếp nhận", status, StringComparison.Ordinal);
        Assert.DoesNotContain("cam tan", status, StringComparison.OrdinalIgnoreCase);
        await using (var db = host.Db())
        {
            var line = await db.CaseEvents.SingleAsync(e => e.Action == CaseAction.Read);
            Assert.Equal(("reporter", "status"), (line.Actor, line.Detail));
            // Shown once, kept nowhere: not in the chat's stored state (the answer a retry would get).
            var stored = await db.Conversations.Where(c => c.Channel == Web).ToListAsync();
            Assert.All(stored, c => Assert.DoesNotContain(follow, host.Sealer.Open(c.SealedState, $"conversation:{c.Channel}:{c.ChatId}"), StringComparison.Ordinal));
        }

        for (var i = 0; i < CaseFollow.MaxFailures; i++)
        {
            Assert.Contains("Không tìm thấy", await SayAsync(43, $"/status {code} ABCD-EFGH"), StringComparison.Ordinal);
        }

        Assert.Contains("quá nhiều lần", await SayAsync(43, $"/status {code} {follow}"), StringComparison.Ordinal);
        host.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Contains("Đã tiếp nhận", await SayAsync(43, $"/status {code} {follow}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebReport_RetriedSend_GetsTheFollowCodeAgainForTenMinutes_WhileNoneIsStored()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        const string Web = ConversationEngine.WebChatChannel;
        Task<ConversationResult> SayAsync(string text, string id) =>
            host.Engine.HandleAsync(Web, 51, ConversationInput.FromText(text), Language.Vi, CancellationToken.None, id);
        static string Text(ConversationResult result) => string.Join("\n", result.Replies.Select(r => r.Html));
        var n = 0;
        foreach (var answer in new[] { "Cứu! Bé đang bị đánh", "thanh hoa", "xa cam tan", "gan cho" })
        {
            await SayAsync(answer, $"input{n++:D4}");
        }

        // The filing's answer never reached the page: it sends the same input again.
        var filed = await SayAsync("bo qua", "filing01");
        var shown = System.Text.RegularExpressions.Regex.Match(Text(filed), @"/status (TE-2026-\d{6}) ([A-Z2-9]{4}-[A-Z2-9]{4})");
        Assert.True(shown.Success, Text(filed));
        host.Time.Advance(TimeSpan.FromMinutes(9));
        var retried = await SayAsync("bo qua", "filing01");

        Assert.Equal(Text(filed), Text(retried));
        Assert.True(retried.Filed);
        Assert.Equal(filed.ReportComplete, retried.ReportComplete);
        await using (var db = host.Db())
        {
            Assert.Equal(1, await db.Cases.CountAsync());
            // Kept nowhere: the stored answer has a mark where the follow code was.
            var stored = await db.Conversations.SingleAsync(c => c.Channel == Web && c.ChatId == 51);
            var state = host.Sealer.Open(stored.SealedState, $"conversation:{stored.Channel}:{stored.ChatId}");
            Assert.DoesNotContain(shown.Groups[2].Value, state, StringComparison.Ordinal);
            Assert.Contains("filing01", state, StringComparison.Ordinal);
        }

        // Past ten minutes a retry is an input like any other: the follow code is not shown again.
        host.Time.Advance(TimeSpan.FromMinutes(2));
        var late = await SayAsync("bo qua", "filing01");
        Assert.DoesNotContain(shown.Groups[2].Value, Text(late), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongFollowCodes_TriedOnTwoNodes_AreCountedTogether_AndRecordedInTheCase()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        const string Web = ConversationEngine.WebChatChannel;
        async Task<string> SayAsync(long chat, string text) =>
            string.Join("\n", (await host.Engine.HandleAsync(Web, chat, ConversationInput.FromText(text), Language.Vi, CancellationToken.None)).Replies.Select(r => r.Html));

        foreach (var answer in new[] { "Cứu! Bé đang bị đánh", "thanh hoa", "xa cam tan", "gan cho" })
        {
            await SayAsync(61, answer);
        }

        var shown = System.Text.RegularExpressions.Regex.Match(await SayAsync(61, "bo qua"), @"/status (TE-2026-\d{6}) ([A-Z2-9]{4}-[A-Z2-9]{4})");
        var (code, follow) = (shown.Groups[1].Value, shown.Groups[2].Value);
        var other = host.OtherNode();

        // Three wrong tries through this node, two through the other: five in the hour, whichever node counted them.
        for (var i = 0; i < 3; i++)
        {
            Assert.Contains("Không tìm thấy", await SayAsync(62, $"/status {code} ABCD-EFGH"), StringComparison.Ordinal);
        }

        for (var i = 0; i < 2; i++)
        {
            Assert.False((await other.StatusAsync(Web, code, "ABCD-EFGH", CancellationToken.None)).Limited);
        }

        Assert.True((await other.StatusAsync(Web, code, follow, CancellationToken.None)).Limited);
        await using var db = host.Db();
        Assert.Equal(5, await db.CaseEvents.CountAsync(e => e.Actor == "reporter" && e.Detail == "status refused"));
    }

    [Fact]
    public async Task TelegramReport_IsFollowedByStatus_WithoutAFollowCode()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        foreach (var answer in new[] { "Cứu! Bé đang bị đánh", "thanh hoa", "xa cam tan", "gan cho" })
        {
            await host.Engine.HandleAsync(OutboxMessage.TelegramChannel, 51, ConversationInput.FromText(answer), Language.Vi, CancellationToken.None);
        }

        var filed = string.Join("\n", (await host.Engine.HandleAsync(OutboxMessage.TelegramChannel, 51, ConversationInput.FromText("bo qua"), Language.Vi, CancellationToken.None)).Replies.Select(r => r.Html));

        Assert.Contains("gõ /status TE-2026-000001.", filed, StringComparison.Ordinal);
        Assert.DoesNotContain("mã theo dõi", filed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddDetails_FromAnotherChat_IsNotAdded()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        var draft = Draft() with { DangerNow = true, Urgent = true };
        var code = Assert.IsType<ReportFiled>(await host.Intake.FileAsync(draft, Channel, 31, CancellationToken.None)).Code;

        var other = await host.Intake.AddDetailsAsync(draft with { FiledCode = code, ChildName = "X" }, code, Channel, 32, CancellationToken.None);
        var own = await host.Intake.AddDetailsAsync(draft with { FiledCode = code, ChildAge = 4 }, code, Channel, 31, CancellationToken.None);

        Assert.False(Assert.IsType<DetailsAdded>(other).Added);
        Assert.True(Assert.IsType<DetailsAdded>(own).Added);
        await using var db = host.Db();
        var filed = await db.Cases.SingleAsync();
        Assert.Null(host.Intake.Open(filed).ChildName);
        Assert.Equal(4, host.Intake.Open(filed).ChildAge);
        Assert.Equal(1, await db.CaseEvents.CountAsync(e => e.Action == CaseAction.DetailsAdded));
    }

    [Fact]
    public async Task Engine_CommuneNotInTheProvince_OffersTheClosestOfItsUnits()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        await using (var db = host.Db())
        {
            var province = db.Units.Add(new Units.Unit { Code = "thanh-hoa", NameVi = "Tỉnh Thanh Hóa", NameEn = "Thanh Hoa", Kind = Units.UnitKind.Province }).Entity;
            await db.SaveChangesAsync();
            db.Units.Add(new Units.Unit { Code = "thanh-hoa/cam-tan", NameVi = "Xã Cẩm Tân", NameEn = "Cam Tan", Kind = Units.UnitKind.Commune, ParentId = province.Id });
            db.Units.Add(new Units.Unit { Code = "quang-ninh/cam-tam", NameVi = "Xã Cẩm Tâm", NameEn = "Cam Tam", Kind = Units.UnitKind.Commune });
            await db.SaveChangesAsync();
        }

        async Task<ConversationResult> SayAsync(string text) => await host.Engine.HandleAsync(Channel, 22, ConversationInput.FromText(text), Language.Vi, CancellationToken.None);
        await SayAsync("/start report");
        await SayAsync("khong");
        await SayAsync("thanh hoa");
        var result = await SayAsync("cam tn");

        var buttons = result.Replies.SelectMany(r => r.Keyboard?.Rows ?? []).SelectMany(r => r).Select(b => b.Text).ToList();
        Assert.Contains("Xã Cẩm Tân", buttons);
        Assert.DoesNotContain("Xã Cẩm Tâm", buttons);
    }

    [Fact]
    public async Task Engine_AtTheHourlyLimit_SaysWhenTheChatMayReportAgain()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        for (var i = 0; i < 3; i++)
        {
            await host.Intake.FileAsync(Draft(), Channel, 23, CancellationToken.None);
            host.Time.Advance(TimeSpan.FromMinutes(10));
        }

        var result = await host.Engine.HandleAsync(Channel, 23, ConversationInput.FromText("/start report"), Language.Vi, CancellationToken.None);

        Assert.Contains("sau 30 phút", result.Replies[^1].Html, StringComparison.Ordinal);
    }

    /// <summary>
    /// The engine counts a chat's reports only on turns that may start or file one: a report reviewed below the limit
    /// and sent once the chat reached it is refused with the wait, nothing filed, and no proof of work asked for first.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Engine_SendAtTheHourlyLimit_IsRefusedWithTheWait_WithoutAskingForProof(bool channelAsksForProof)
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        async Task<ConversationResult> SayAsync(ConversationInput input, Func<CancellationToken, ValueTask<bool>>? mayFile = null) =>
            await host.Engine.HandleAsync(Channel, 41, input, Language.Vi, CancellationToken.None, mayFile: mayFile);
        ConversationResult review = null!;
        foreach (var answer in new[] { "bao cao", "khong", "thanh hoa", "xa cam tan", "thon 3", "bo qua", "9", "nam", "bo qua", "bi danh", "chau bi cha duong danh thuong xuyen, co vet bam tren tay", "cha duong", "an danh" })
        {
            review = await SayAsync(ConversationInput.FromText(answer));
        }

        var send = review.Replies.SelectMany(r => r.Keyboard?.Rows ?? []).SelectMany(r => r).Single(b => b.CallbackData?.EndsWith(":send", StringComparison.Ordinal) == true).CallbackData!;
        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<ReportFiled>(await host.Intake.FileAsync(Draft(), Channel, 41, CancellationToken.None));
            host.Time.Advance(TimeSpan.FromMinutes(9));
        }

        var asked = false;
        var result = await SayAsync(ConversationInput.FromButton(send), channelAsksForProof ? _ => ValueTask.FromResult(asked = true) : null);

        Assert.Contains(result.Replies, r => r.Html.Contains("sau 33 phút", StringComparison.Ordinal));
        Assert.False(result.Held);
        Assert.False(asked);
        await using var db = host.Db();
        Assert.Equal(3, await db.Cases.CountAsync());
    }

    [Fact]
    public async Task Engine_UrgentReportAtTheHourlyLimit_IsNotStarted_AndSaysTheWait()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        for (var i = 0; i < 3; i++)
        {
            await host.Intake.FileAsync(Draft(), Channel, 42, CancellationToken.None);
        }

        var result = await host.Engine.HandleAsync(Channel, 42, ConversationInput.FromText("Cứu! Bé đang bị đánh"), Language.Vi, CancellationToken.None);

        Assert.Contains(result.Replies, r => r.Html.Contains("sau 1 giờ", StringComparison.Ordinal));
        await using var db = host.Db();
        Assert.Null(await db.Conversations.SingleOrDefaultAsync(c => c.HasDraft));
    }

    /// <summary>"Filed already?" and "how many this hour?" are one read: a draft filed long ago is found, whatever the limit says.</summary>
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task File_SameDraftAgainLater_ReturnsItsCode_WhenTheChatIsAtTheLimit(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        var draft = Draft();
        var first = Assert.IsType<ReportFiled>(await host.Intake.FileAsync(draft, Channel, 43, CancellationToken.None));
        host.Time.Advance(TimeSpan.FromHours(2));
        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<ReportFiled>(await host.Intake.FileAsync(Draft(), Channel, 43, CancellationToken.None));
        }

        var again = await host.Intake.FileAsync(draft, Channel, 43, CancellationToken.None);

        Assert.Equal(first.Code, Assert.IsType<ReportFiled>(again).Code);
        Assert.IsType<ReportRefused>(await host.Intake.FileAsync(Draft(), Channel, 43, CancellationToken.None));
        await using var db = host.Db();
        Assert.Equal(4, await db.Cases.CountAsync());
    }

    private static ReportDraft Draft() => new()
    {
        Id = Guid.NewGuid(),
        StartedAt = Host.Now,
        DangerNow = false,
        ProvinceCode = "thanh-hoa",
        ProvinceAnswered = true,
        Commune = "xa Cam Tan",
        AgeBand = AgeBand.From6To10,
        ChildSex = ChildSex.Girl,
        Category = CaseCategory.Neglect,
        Description = "chau o nha mot minh nhieu ngay",
        Suspect = SuspectRelation.Unknown,
        Anonymous = true,
    };

    // A case as an intake writes it before its commit: under a placeholder code, without a number (unless given one).
    private static ChildCase Placeholder((string Code, long Sequence)? numbered = null)
    {
        var submission = Guid.NewGuid();
        var filed = new ChildCase
        {
            Code = numbered?.Code ?? "~" + submission.ToString("N")[..19], Year = 2026, Sequence = numbered?.Sequence ?? 0, SubmissionId = submission, ReceivedAt = Host.Now, UpdatedAt = Host.Now,
            Channel = Channel, ReporterKey = "k", Category = CaseCategory.Neglect, AgeBand = AgeBand.Unknown, ChildSex = ChildSex.Unknown,
            Suspect = SuspectRelation.Unknown, Anonymous = true, DangerNow = false, ContactConsent = false, PhotoCount = 0, SealedDetails = [],
        };
        filed.Route(null, 12, Host.Now.AddDays(7), Host.Now);
        return filed;
    }

    private sealed class Host(ServiceProvider services, FakeTimeProvider time) : IAsyncDisposable
    {
        public static readonly DateTimeOffset Now = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

        public FakeTimeProvider Time { get; } = time;

        public CaseIntake Intake => services.GetRequiredService<CaseIntake>();

        public ConversationEngine Engine => services.GetRequiredService<ConversationEngine>();

        public Sealer Sealer => services.GetRequiredService<Sealer>();

        /// <summary>The status service of another node on the same database (its own memory, nothing shared but the database).</summary>
        public CaseFollow OtherNode() => ActivatorUtilities.CreateInstance<CaseFollow>(services);

        public static async Task<Host> StartAsync(string provider) =>
            await AttachAsync(await TestDatabase.CreateAsync(provider, "conversations"), PrivacySettings.Ephemeral());

        public static async Task<Host> AttachAsync(DatabaseSettings database, PrivacySettings privacy)
        {
            var time = new FakeTimeProvider(Now);
            var services = await TestDatabase.ServicesAsync(database, s => s.AddChildCareConversations(ConversationSettings.Default, privacy), time);
            return new Host(services, time);
        }

        public ChildCareDbContext Db() => services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }
}
