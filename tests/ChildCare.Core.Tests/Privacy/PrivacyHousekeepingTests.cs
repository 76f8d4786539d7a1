using System.Text;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Core.Units;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Core.Tests.Privacy;

/// <summary>Sealed messages and updates, their texts erased once used, and the purge of what is no longer needed.</summary>
public sealed class PrivacyHousekeepingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Outbox_StoresTextsSealed_AndErasesThemOnceSent(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        await host.Outbox.EnqueueAsync(
            [new OutboundMessage(1, "Tên trẻ: Bé Quuxanh", Keyboard: Keyboard.Inline([KeyboardButton.Callback("Gửi Quuxanh", "r:send")])), new OutboundMessage(2, "Địa chỉ: ngõ Quuxanh")],
            CancellationToken.None);

        await using (var db = host.Db())
        {
            var rows = await db.OutboxMessages.AsNoTracking().ToListAsync();
            Assert.All(rows, r => Assert.Null(r.LegacyText));
            Assert.All(rows, r => Assert.Equal(-1, r.SealedText.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Quuxanh"))));
            Assert.Equal(-1, rows.Single(r => r.ChatId == 1).SealedKeyboard.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Quuxanh")));
        }

        var claimed = await host.Store.ClaimAsync("node", 10, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(["Tên trẻ: Bé Quuxanh", "Địa chỉ: ngõ Quuxanh"], claimed.Select(m => m.Text));
        Assert.Contains("Quuxanh", claimed[0].KeyboardJson, StringComparison.Ordinal);
        await host.Store.CompleteAsync(claimed[0], "node", new SendResult.Delivered(11), CancellationToken.None);
        await host.Store.CompleteAsync(claimed[1], "node", new SendResult.Rejected("Bad Request: chat not found"), CancellationToken.None);

        await using var after = host.Db();
        Assert.All(await after.OutboxMessages.AsNoTracking().ToListAsync(), r => Assert.Equal((null, null), (r.SealedText, r.SealedKeyboard)));
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Purge_ForgetsSentMessagesHandledUpdatesAndIdleConversations_AfterTheirDays(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        await host.Outbox.EnqueueAsync([new OutboundMessage(1, "a"), new OutboundMessage(2, "b"), new OutboundMessage(3, "c", NotBefore: Start.AddDays(60))], CancellationToken.None);
        foreach (var message in await host.Store.ClaimAsync("node", 10, TimeSpan.FromMinutes(1), CancellationToken.None))
        {
            await host.Store.CompleteAsync(message, "node", message.ChatId == 1 ? new SendResult.Delivered(1) : new SendResult.Rejected("refused"), CancellationToken.None);
        }

        await host.Inbox.AcceptAsync("telegram", [(1, 1, "{\"n\":1}"), (2, 1, "{\"n\":2}"), (3, 1, "{\"n\":3}")], CancellationToken.None);
        foreach (var update in (await host.Inbox.ClaimAsync("node", 10, TimeSpan.FromMinutes(1), CancellationToken.None)).Where(u => u.UpdateId < 3))
        {
            await host.Inbox.CompleteAsync(update, "node", CancellationToken.None);
        }

        await host.Engine.HandleAsync("telegram", 5, ConversationInput.FromText("/language en"), Language.Vi, CancellationToken.None);
        Assert.Equal(new HousekeepingResult(0, 0, 0, 0), await host.Housekeeping.RunAsync(CancellationToken.None));

        host.Time.Advance(TimeSpan.FromDays(31));
        var purged = await host.Housekeeping.RunAsync(CancellationToken.None);

        // The sent and the refused message go, the one still waiting stays; handled updates go, the waiting one stays.
        Assert.Equal(new HousekeepingResult(2, 2, 1, 0), purged);
        await using var db = host.Db();
        Assert.Equal([3L], await db.OutboxMessages.Select(m => m.ChatId).ToListAsync());
        Assert.Equal([3L], await db.InboundUpdates.Select(u => u.UpdateId).ToListAsync());
        Assert.Equal(0, await db.Conversations.CountAsync());
    }

    [Fact]
    public async Task Purge_KeepsTheNewestUpdateOfAChannel_SoPollingResumesAfterIt()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        await host.Inbox.AcceptAsync("telegram", [(41, 1, "{}"), (42, 1, "{}")], CancellationToken.None);
        foreach (var update in await host.Inbox.ClaimAsync("node", 10, TimeSpan.FromMinutes(1), CancellationToken.None))
        {
            await host.Inbox.CompleteAsync(update, "node", CancellationToken.None);
        }

        host.Time.Advance(TimeSpan.FromDays(3));
        await host.Housekeeping.RunAsync(CancellationToken.None);

        Assert.Equal(42, await host.Inbox.LastUpdateIdAsync("telegram", CancellationToken.None));
    }

    /// <summary>Rows an older build stored in clear: a waiting message, a waiting update, the commune a reporter typed.</summary>
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Purge_SealsWhatAnOlderBuildLeftInClear(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        var filed = Assert.IsType<ReportFiled>(await host.Services.GetRequiredService<CaseIntake>().FileAsync(
            new ReportDraft { Id = Guid.NewGuid(), StartedAt = Start, Description = "chau bi danh", Anonymous = true }, "telegram", 9, CancellationToken.None));
        await using (var db = host.Db())
        {
            var (now, keyboard) = (db.TimeValue(Start), Keyboard.Inline([KeyboardButton.Callback("Xem", "x")]).ToJson());
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO outbox_messages (channel, chat_id, text, keyboard, disable_link_preview, priority, purpose, created_at, not_before, status, attempts)
                VALUES ('telegram', 7, 'Ten tre: Be Legacyanh', {keyboard}, TRUE, 1, 'reply', {now}, {now}, 0, 0)
                """);
            await db.Database.ExecuteSqlAsync($$"""
                INSERT INTO inbound_updates (channel, update_id, chat_id, payload, received_at, status, attempts)
                VALUES ('telegram', 77, 7, '{"message":"Be Legacyanh"}', {{now}}, 0, 0)
                """);
            await db.Database.ExecuteSqlAsync($"UPDATE cases SET commune = 'xa Legacyvale' WHERE code = {filed.Code}");
        }

        Assert.Equal(3, (await host.Housekeeping.RunAsync(CancellationToken.None)).Resealed);

        await using var after = host.Db();
        Assert.False(await after.OutboxMessages.AnyAsync(m => m.LegacyText != null || m.LegacyKeyboardJson != null));
        Assert.False(await after.InboundUpdates.AnyAsync(u => u.LegacyPayload != null));
        var stored = await after.Cases.SingleAsync();
        Assert.Null(stored.LegacyCommune);
        Assert.Equal("xa Legacyvale", host.Services.GetRequiredService<CaseIntake>().Open(stored).Commune);
        var message = Assert.Single(await host.Store.ClaimAsync("node", 10, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(("Ten tre: Be Legacyanh", true), (message.Text, message.KeyboardJson!.Contains("Xem", StringComparison.Ordinal)));
        Assert.Equal("{\"message\":\"Be Legacyanh\"}", Assert.Single(await host.Inbox.ClaimAsync("node", 10, TimeSpan.FromMinutes(1), CancellationToken.None)).Payload);
    }

    /// <summary>Officials on Zalo give a phone number for the paid templates; it stays only while they are officials.</summary>
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Purge_DropsThePhoneNumber_WhenItsOfficialNoLongerBelongsToAUnit(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        var sealer = host.Services.GetRequiredService<Sealer>();
        await using (var db = host.Db())
        {
            var unit = new Unit { Code = "tinh/xa", NameVi = "Xã Thử", NameEn = "Test commune", Kind = UnitKind.Commune };
            db.Units.Add(unit);
            var member = new Official { Channel = "zalo", ChatId = 1, JoinedAt = Start };
            member.Subscriptions.Add(new Subscription { Unit = unit, Role = OfficialRole.ChildProtection, Since = Start });
            db.Officials.AddRange(
                member,
                new Official { Channel = "zalo", ChatId = 2, JoinedAt = Start },
                new Official { Channel = "zalo", ChatId = 3, JoinedAt = Start, IsAdministrator = true },
                new Official { Channel = "telegram", ChatId = 4, JoinedAt = Start, IsAdministrator = true });
            await db.SaveChangesAsync();
            foreach (var chat in new long[] { 1, 2, 3, 4 })
            {
                var (zalo, now) = ("zalo", db.TimeValue(Start));
                await db.Database.ExecuteSqlAsync($"INSERT INTO channel_users (chat_id, channel, external_id, first_seen_at) VALUES ({chat}, {zalo}, {"user-" + chat}, {now})");
                var phone = sealer.Seal("84912345678", ChannelUser.PhoneSealContext("zalo", chat));
                await db.ChannelUsers.Where(u => u.ChatId == chat).ExecuteUpdateAsync(u => u.SetProperty(c => c.SealedPhone, phone));
            }
        }

        // Chat 2 left every unit; chat 4 is a Telegram administrator, not the Zalo user with that chat id.
        Assert.Equal(2, (await host.Housekeeping.RunAsync(CancellationToken.None)).Phones);
        await using var after = host.Db();
        Assert.Equal([1L, 3L], await after.ChannelUsers.Where(u => u.SealedPhone != null).OrderBy(u => u.ChatId).Select(u => u.ChatId).ToListAsync());
        Assert.Equal(4, await after.ChannelUsers.CountAsync());
        Assert.Equal(0, (await host.Housekeeping.RunAsync(CancellationToken.None)).Phones);
    }

    /// <summary>2,000 chats that asked for the menu left 2,000 rows, never deleted.</summary>
    [Fact]
    public async Task Engine_StoresNoRow_ForAChatThatHoldsNothingBeyondTheDefaults()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        for (var chat = 1; chat <= 2000; chat++)
        {
            await host.Engine.HandleAsync("web", chat, ConversationInput.FromText(chat % 2 == 0 ? "/start" : "/menu"), Language.Vi, CancellationToken.None, inputId: $"id-{chat}");
        }

        await using (var db = host.Db())
        {
            Assert.Equal(0, await db.Conversations.CountAsync());
        }

        // A chat that chose something is remembered; back to the defaults, it is forgotten.
        await host.Engine.HandleAsync("web", 1, ConversationInput.FromText("/language en"), Language.Vi, CancellationToken.None);
        Assert.Equal(Language.En, await host.Engine.LanguageAsync("web", 1, Language.Vi, CancellationToken.None));
        await host.Engine.HandleAsync("web", 2, ConversationInput.FromText("/start report"), Language.Vi, CancellationToken.None);
        await using (var db = host.Db())
        {
            Assert.Equal(2, await db.Conversations.CountAsync());
        }

        await host.Engine.HandleAsync("web", 2, ConversationInput.FromText("/cancel"), Language.Vi, CancellationToken.None);
        await using var end = host.Db();
        Assert.Equal([1L], await end.Conversations.Select(c => c.ChatId).ToListAsync());
    }

    private sealed class Host(ServiceProvider services, FakeTimeProvider time) : IAsyncDisposable
    {
        public FakeTimeProvider Time { get; } = time;

        public ServiceProvider Services => services;

        public IOutbox Outbox => services.GetRequiredService<IOutbox>();

        internal OutboxStore Store => services.GetRequiredService<OutboxStore>();

        public Inbox Inbox => services.GetRequiredService<Inbox>();

        public ConversationEngine Engine => services.GetRequiredService<ConversationEngine>();

        public PrivacyHousekeeping Housekeeping => services.GetRequiredService<PrivacyHousekeeping>();

        public static async Task<Host> StartAsync(string provider)
        {
            var time = new FakeTimeProvider(Start);
            var services = await TestDatabase.ServicesAsync(await TestDatabase.CreateAsync(provider, "privacy"), s =>
            {
                s.AddChildCareConversations(ConversationSettings.Default, PrivacySettings.Ephemeral());
                s.AddChildCareCases(CaseSettings.Default);
                s.AddSingleton<Inbox>();
            }, time);
            return new Host(services, time);
        }

        public ChildCareDbContext Db() => services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }
}
