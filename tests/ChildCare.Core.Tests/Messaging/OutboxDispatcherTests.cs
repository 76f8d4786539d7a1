using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChildCare.Core.Tests.Messaging;

public sealed class OutboxDispatcherTests
{
    private static readonly MessagingSettings Fast = MessagingSettings.Default with { GlobalPerSecond = 2000, PrivateChatPerSecond = 100, PollInterval = TimeSpan.FromMilliseconds(50) };

    public static TheoryData<string> Providers => [TestDatabase.Sqlite, TestDatabase.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Dispatcher_SendsEveryMessageOnce_WhenManyChatsAreQueued(string provider)
    {
        await using var node = await Node.StartAsync(await TestDatabase.CreateAsync(provider, "outbox"), Fast);
        var messages = Enumerable.Range(1, 300).Select(i => new OutboundMessage(i, $"<b>Nhắc việc</b> {i}", MessagePriority.Bulk)).ToList();

        await node.Outbox.EnqueueAsync(messages, CancellationToken.None);
        await node.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent), 300);

        Assert.Equal(300, node.Sender.Sent.Count);
        Assert.Equal(300, node.Sender.Sent.Select(s => s.MessageId).Distinct().Count());
        await using var db = node.Db();
        Assert.All(await db.OutboxMessages.ToListAsync(), m => Assert.Equal(m.Id + 1000, m.ProviderMessageId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Enqueue_DropsSecondMessage_WhenDedupKeyRepeats(string provider)
    {
        await using var node = await Node.StartAsync(await TestDatabase.CreateAsync(provider, "dedup"), Fast, start: false);
        var first = await node.Outbox.EnqueueAsync([new OutboundMessage(1, "a", DedupKey: "r:1"), new OutboundMessage(1, "b", DedupKey: "r:1"), new OutboundMessage(2, "c", DedupKey: "r:2")], CancellationToken.None);
        var second = await node.Outbox.EnqueueAsync([new OutboundMessage(1, "a", DedupKey: "r:1"), new OutboundMessage(3, "d", DedupKey: "r:3")], CancellationToken.None);

        Assert.Equal(2, first);
        Assert.Equal(1, second);
        await using var db = node.Db();
        Assert.Equal(3, await db.OutboxMessages.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReplyOutbox_StoresEachCallersRepliesOnce_WhenManyChatsReplyAtOnce(string provider)
    {
        await using var node = await Node.StartAsync(await TestDatabase.CreateAsync(provider, "replies"), Fast, start: false);
        await node.Outbox.EnqueueAsync([new OutboundMessage(5, "earlier", DedupKey: "tg-reply:5:1:0")], CancellationToken.None);
        var replies = node.Replies;

        // 30 chats reply at once, two messages each; chat 5's first reply is stored already, and chat 9 replies twice.
        var chats = Enumerable.Range(1, 30).Append(9).ToList();
        var added = await Task.WhenAll(chats.Select(chat => Task.Run(() => replies.EnqueueAsync(
            [new OutboundMessage(chat, $"a{chat}", DedupKey: $"tg-reply:{chat}:1:0"), new OutboundMessage(chat, $"b{chat}", DedupKey: $"tg-reply:{chat}:1:1")],
            CancellationToken.None))));

        Assert.Equal(59, added.Sum());
        Assert.Equal(1, added[4]);
        await using var db = node.Db();
        Assert.Equal(60, await db.OutboxMessages.CountAsync());
        Assert.Equal(60, await db.OutboxMessages.Select(m => m.DedupKey).Distinct().CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReplyOutbox_KeepsNoTextForAnUnreachableChat_WhenManyChatsReplyAtOnce(string provider)
    {
        await using var node = await Node.StartAsync(await TestDatabase.CreateAsync(provider, "replies-unreachable"), Fast, start: false);
        await ((OutboxStore)node.Outbox).MarkUnreachableAsync(OutboxMessage.TelegramChannel, 7, "bot kicked", CancellationToken.None);

        var added = await Task.WhenAll(Enumerable.Range(1, 12).Select(chat => Task.Run(() => node.Replies.EnqueueAsync(
            [new OutboundMessage(chat, $"a{chat}", DedupKey: $"tg-reply:{chat}:1:0", Keyboard: Keyboard.Inline([KeyboardButton.Callback("Menu", "m")]))],
            CancellationToken.None))));

        Assert.All(added, n => Assert.Equal(1, n));
        await using var db = node.Db();
        var rows = await db.OutboxMessages.AsNoTracking().ToListAsync();
        var blocked = rows.Single(m => m.ChatId == 7);
        Assert.Equal(OutboxStatus.Unreachable, blocked.Status);
        Assert.True(blocked.SealedText is null && blocked.SealedKeyboard is null);
        Assert.All(rows.Where(m => m.ChatId != 7), m => Assert.True(m.Status == OutboxStatus.Pending && m.SealedText is not null && m.SealedKeyboard is not null));
        var claimed = await ((OutboxStore)node.Outbox).ClaimAsync("me", 20, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(11, claimed.Count);
        Assert.All(claimed, m => Assert.Equal($"a{m.ChatId}", m.Text));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Complete_MarksEachDeliveredMessageSentWithItsOwnId_WhenManyFinishAtOnce(string provider)
    {
        await using var node = await Node.StartAsync(await TestDatabase.CreateAsync(provider, "sent-group"), Fast, start: false);
        var store = (OutboxStore)node.Outbox;
        await store.EnqueueAsync([.. Enumerable.Range(1, 40).Select(i => new OutboundMessage(i, $"tin {i}"))], CancellationToken.None);
        var mine = await store.ClaimAsync("me", 30, TimeSpan.FromMinutes(1), CancellationToken.None);
        var theirs = await store.ClaimAsync("other", 10, TimeSpan.FromMinutes(1), CancellationToken.None);

        // All at once, so they are written together; one is recorded by a dispatcher that no longer holds it.
        await Task.WhenAll(mine.Select(m => Task.Run(() => store.CompleteAsync(m, "me", new SendResult.Delivered(m.ChatId + 5000), CancellationToken.None)))
            .Append(Task.Run(() => store.CompleteAsync(theirs[0], "me", new SendResult.Delivered(1), CancellationToken.None))));

        await using var db = node.Db();
        var rows = await db.OutboxMessages.AsNoTracking().ToListAsync();
        var sent = rows.Where(m => m.Status == OutboxStatus.Sent).ToList();
        Assert.Equal(mine.Select(m => m.Id).Order(), sent.Select(m => m.Id).Order());
        Assert.All(sent, m => Assert.Equal(m.ChatId + 5000, m.ProviderMessageId));
        Assert.All(sent, m => Assert.True(m.SealedText is null && m.LeaseOwner is null && m.SentAt is not null));
        var held = rows.Single(m => m.Id == theirs[0].Id);
        Assert.Equal(OutboxStatus.Sending, held.Status);
        Assert.Equal("other", held.LeaseOwner);
        Assert.NotNull(held.SealedText);
    }

    [Fact]
    public async Task Claim_TakesCaseAlertsBeforeReminders_QueuedEarlierByAPlanImport()
    {
        await using var node = await Node.StartAsync(await TestDatabase.CreateAsync(TestDatabase.Sqlite, "priority"), Fast, start: false);
        await node.Outbox.EnqueueAsync([.. Enumerable.Range(1, 50).Select(i => new OutboundMessage(i, "nhắc", MessagePriority.Reminder, "reminder"))], CancellationToken.None);
        await node.Outbox.EnqueueAsync([new OutboundMessage(900, "ca mới", MessagePriority.Reply, "case-alert"), new OutboundMessage(901, "ca khẩn", MessagePriority.Urgent, "case-alert")], CancellationToken.None);

        var claimed = await ((OutboxStore)node.Outbox).ClaimAsync("test", 3, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal([901L, 900L, 1L], claimed.Select(m => m.ChatId));
    }

    /// <summary>PostgreSQL refuses a text holding U+0000: that message is not a duplicate, and must not vanish as one.</summary>
    [Fact]
    public async Task Enqueue_Throws_WhenTheDatabaseRefusesAKeyedMessage_RatherThanDroppingItAsADuplicate()
    {
        await using var node = await Node.StartAsync(await TestDatabase.CreateAsync(TestDatabase.Postgres, "refused"), Fast, start: false);

        await Assert.ThrowsAsync<DbUpdateException>(() => node.Outbox.EnqueueAsync(
            [new OutboundMessage(1, "a", DedupKey: "r:1"), new OutboundMessage(2, "b", Purpose: new string('p', 41), DedupKey: "r:2")], CancellationToken.None));

        // A repeat of a stored key is still dropped quietly.
        Assert.Equal(0, await node.Outbox.EnqueueAsync([new OutboundMessage(1, "a", DedupKey: "r:1")], CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Dispatcher_StopsSendingToChat_WhenRecipientBlockedTheBot(string provider)
    {
        await using var node = await Node.StartAsync(await TestDatabase.CreateAsync(provider, "blocked"), Fast);
        node.Sender.Script(7, new SendResult.Unreachable("Forbidden: bot was blocked by the user"));

        await node.Outbox.EnqueueAsync([new OutboundMessage(7, "first")], CancellationToken.None);
        await node.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Unreachable), 1);
        await node.Outbox.EnqueueAsync([new OutboundMessage(7, "second"), new OutboundMessage(8, "other chat")], CancellationToken.None);
        await node.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent), 1);

        await using var db = node.Db();
        Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.ChatId == 7 && m.Status == OutboxStatus.Unreachable));
        Assert.Single(await db.UnreachableChats.Where(c => c.ChatId == 7).ToListAsync());
        Assert.Equal(2, node.Sender.Attempts);
        Assert.DoesNotContain(node.Sender.Sent, s => s.ChatId == 7);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Dispatcher_RetriesLater_WhenChannelThrottlesOrFails(string provider)
    {
        await using var node = await Node.StartAsync(await TestDatabase.CreateAsync(provider, "retry"), Fast);
        node.Sender.Script(5, new SendResult.Throttled(TimeSpan.FromMilliseconds(300), "Too Many Requests"), new SendResult.TransientFailure("502 Bad Gateway"));

        await node.Outbox.EnqueueAsync([new OutboundMessage(5, "x")], CancellationToken.None);
        await node.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent), 1, TimeSpan.FromSeconds(20));

        await using var db = node.Db();
        var row = await db.OutboxMessages.SingleAsync();
        Assert.Equal(3, row.Attempts);
        Assert.Null(row.LastError);
        Assert.Single(node.Sender.Sent);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Dispatcher_ResendsMessagesLeftInFlight_WhenPreviousSenderDied(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider, "recover");
        await using (var crashed = await Node.StartAsync(database, Fast, start: false))
        {
            await crashed.Outbox.EnqueueAsync(Enumerable.Range(1, 5).Select(i => new OutboundMessage(i, "x")).ToList(), CancellationToken.None);
            await using var db = crashed.Db();
            await db.OutboxMessages.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sending).SetProperty(m => m.LeaseOwner, "dead-node"));
        }

        await using var node = await Node.StartAsync(database, Fast);
        await node.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent), 5);

        Assert.Equal(5, node.Sender.Sent.Count);
    }

    [Fact]
    public async Task Dispatcher_KeepsPrivateChatRate_WhenOneChatHasManyMessages()
    {
        var settings = Fast with { PrivateChatPerSecond = 4 };
        await using var node = await Node.StartAsync(await TestDatabase.CreateAsync(TestDatabase.Sqlite, "perchat"), settings);

        await node.Outbox.EnqueueAsync(Enumerable.Range(1, 5).Select(i => new OutboundMessage(42, $"m{i}")).ToList(), CancellationToken.None);
        await node.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent), 5, TimeSpan.FromSeconds(20));

        var times = node.Sender.Sent.Select(s => s.At).Order().ToList();
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        // 4 a second: every gap at least about a quarter second (the limiter may round down a little).
        Assert.All(gaps, g => Assert.True(g >= TimeSpan.FromMilliseconds(200), $"gap {g.TotalMilliseconds} ms"));
        Assert.Equal(node.Sender.Sent.Select(s => s.MessageId).Order(), node.Sender.Sent.OrderBy(s => s.At).Select(s => s.MessageId));
    }

    [Fact]
    public async Task Dispatcher_KeepsAChatsOrder_WhenItsFirstMessageIsSlowOnTheWire()
    {
        await using var node = await Node.StartAsync(await TestDatabase.CreateAsync(TestDatabase.Sqlite, "slow-first"), Fast);
        // An emergency reply in three parts; the first (the numbers to call) takes 600 ms to reach the channel.
        node.Sender.SlowNext(9, TimeSpan.FromMilliseconds(600));

        await node.Outbox.EnqueueAsync(Enumerable.Range(1, 3).Select(i => new OutboundMessage(9, $"part {i}", MessagePriority.Reply)).ToList(), CancellationToken.None);
        await node.Outbox.EnqueueAsync([new OutboundMessage(10, "another chat", MessagePriority.Reply)], CancellationToken.None);
        await node.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent), 4, TimeSpan.FromSeconds(20));

        var chat9 = node.Sender.Sent.Where(s => s.ChatId == 9).Select(s => s.MessageId).ToList();
        Assert.Equal(chat9.Order(), chat9);
        // Another chat does not wait for the slow one.
        Assert.Equal(10, node.Sender.Sent.First().ChatId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Dispatcher_KeepsAChatsOrder_WhenItsFirstMessageMustBeRetried(string provider)
    {
        await using var node = await Node.StartAsync(await TestDatabase.CreateAsync(provider, "retry-order"), Fast);
        node.Sender.Script(5, new SendResult.TransientFailure("502 Bad Gateway"));

        await node.Outbox.EnqueueAsync(Enumerable.Range(1, 3).Select(i => new OutboundMessage(5, $"part {i}", MessagePriority.Reply)).ToList(), CancellationToken.None);
        await node.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent), 3, TimeSpan.FromSeconds(20));

        var sent = node.Sender.Sent.Select(s => s.MessageId).ToList();
        Assert.Equal(3, sent.Count);
        Assert.Equal(sent.Order(), sent);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Complete_HoldsTheChatsLaterMessages_UntilAThrottledOneIsRetried(string provider)
    {
        await using var node = await Node.StartAsync(await TestDatabase.CreateAsync(provider, "hold-later"), Fast, start: false);
        var store = (OutboxStore)node.Outbox;
        await store.EnqueueAsync(
            [
                new OutboundMessage(5, "first", MessagePriority.Reply), new OutboundMessage(5, "second", MessagePriority.Reply),
                new OutboundMessage(5, "reminder", MessagePriority.Reminder), new OutboundMessage(5, "alert", MessagePriority.Urgent),
                new OutboundMessage(6, "other chat", MessagePriority.Reply),
            ],
            CancellationToken.None);
        await using var before = node.Db();
        var firstId = await before.OutboxMessages.MinAsync(m => m.Id);
        var claimed = (await store.ClaimAsync("me", 10, TimeSpan.FromMinutes(1), CancellationToken.None)).Single(m => m.Id == firstId);
        await before.OutboxMessages.Where(m => m.Id != firstId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.LeaseOwner, (string?)null));

        var retryAt = await store.CompleteAsync(claimed, "me", new SendResult.Throttled(TimeSpan.FromSeconds(30), "Too Many Requests"), CancellationToken.None);

        Assert.NotNull(retryAt);
        await using var db = node.Db();
        var rows = await db.OutboxMessages.AsNoTracking().ToListAsync();
        var held = rows.Where(m => m.NotBefore >= retryAt.Value.AddMilliseconds(-1)).Select(m => m.Id - firstId).Order();
        // The throttled one, the reply after it and the reminder wait; the more urgent alert and the other chat do not.
        Assert.Equal([0L, 1L, 2L], held);
    }

    [Fact]
    public async Task TwoDispatchers_SplitThePartsAndBothSendEachMessageOnce_WhenSharingAPostgresOutbox()
    {
        var database = await TestDatabase.CreateAsync(TestDatabase.Postgres, "twonodes");
        var nodes = await Task.WhenAll(Node.StartAsync(database, Fast), Node.StartAsync(database, Fast));
        await using var a = nodes[0];
        await using var b = nodes[1];
        // Whichever counted itself alone first took every part; once both count two, it hands two back.
        await UntilSplitAsync(a, b);

        await a.Outbox.EnqueueAsync(Enumerable.Range(1, 200).Select(i => new OutboundMessage(i, "x")).ToList(), CancellationToken.None);
        await b.Outbox.EnqueueAsync(Enumerable.Range(-200, 200).Select(i => new OutboundMessage(i, "group")).ToList(), CancellationToken.None);
        await a.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent), 400);

        var all = a.Sender.Sent.Concat(b.Sender.Sent).Select(s => s.MessageId).ToList();
        Assert.Equal(400, all.Count);
        Assert.Equal(400, all.Distinct().Count());
        // Each node sent the chats of its own parts, and only those (group chats, negative, too).
        Assert.All(a.Sender.Sent, s => Assert.Contains(OutboxPartitions.Of(s.ChatId, 4), a.Dispatcher.HeldPartitions));
        Assert.All(b.Sender.Sent, s => Assert.Contains(OutboxPartitions.Of(s.ChatId, 4), b.Dispatcher.HeldPartitions));
        Assert.InRange(a.Sender.Sent.Count, 150, 250);
    }

    [Fact]
    public async Task Dispatcher_HandsPartsToANodeStartedLater_KeepingEachChatsOrder()
    {
        var paced = Fast with { PrivateChatPerSecond = 4 };
        var database = await TestDatabase.CreateAsync(TestDatabase.Postgres, "later-node");
        await using var a = await Node.StartAsync(database, paced);
        await a.UntilAsync(_ => Task.FromResult(a.Dispatcher.HeldPartitions.Length), 4);
        // 8 chats (two of each part), 40 messages each at 4 a second: about 10 s of sending, through the hand-over.
        await a.Outbox.EnqueueAsync([.. Enumerable.Range(0, 40).SelectMany(i => Enumerable.Range(1, 8).Select(chat => new OutboundMessage(chat, $"m{i}")))], CancellationToken.None);
        await a.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent), 20);

        await using var b = await Node.StartAsync(database, paced);
        await UntilSplitAsync(a, b);
        await a.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent), 320, TimeSpan.FromSeconds(60));

        var all = a.Sender.Sent.Concat(b.Sender.Sent).ToList();
        Assert.Equal(320, all.Count);
        Assert.Equal(320, all.Select(s => s.MessageId).Distinct().Count());
        Assert.NotEmpty(b.Sender.Sent);
        // Every chat's messages in the order they were queued, though two nodes sent some of them.
        Assert.All(all.GroupBy(s => s.ChatId), chat =>
        {
            var ids = chat.OrderBy(s => s.At).Select(s => s.MessageId).ToList();
            Assert.Equal(ids.Order(), ids);
        });
    }

    [Fact]
    public async Task Dispatcher_TakesOverTheParts_WhenTheOtherNodeStops_LosingAndRepeatingNothing()
    {
        var paced = Fast with { PrivateChatPerSecond = 5 };
        var database = await TestDatabase.CreateAsync(TestDatabase.Postgres, "node-stops");
        var nodes = await Task.WhenAll(Node.StartAsync(database, paced), Node.StartAsync(database, paced));
        await using var a = nodes[0];
        await using var b = nodes[1];
        await UntilSplitAsync(a, b);
        // 8 chats, 25 messages each at 5 a second: about 5 s of sending; one node stops after a second.
        await a.Outbox.EnqueueAsync([.. Enumerable.Range(0, 25).SelectMany(i => Enumerable.Range(1, 8).Select(chat => new OutboundMessage(chat, $"m{i}")))], CancellationToken.None);
        await a.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent), 40);
        var sentByB = b.Sender.Sent.ToList();
        await b.DisposeAsync();

        await a.UntilAsync(_ => Task.FromResult(a.Dispatcher.HeldPartitions.Length), 4);
        await a.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent), 200, TimeSpan.FromSeconds(60));

        var all = a.Sender.Sent.Concat(sentByB).ToList();
        Assert.NotEmpty(sentByB);
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Select(s => s.MessageId).Distinct().Count());
        Assert.All(all.GroupBy(s => s.ChatId), chat =>
        {
            var ids = chat.OrderBy(s => s.At).Select(s => s.MessageId).ToList();
            Assert.Equal(ids.Order(), ids);
        });
    }

    [Fact]
    public async Task ThreeDispatchers_EachSendAPart_WhenTheFirstTwoSplitAllFourBeforeTheThirdStarts()
    {
        var database = await TestDatabase.CreateAsync(TestDatabase.Postgres, "threenodes");
        await using var a = await Node.StartAsync(database, Fast);
        await using var b = await Node.StartAsync(database, Fast);
        await UntilSplitAsync(a, b);

        // ceil(4 / 3) = 2 each would leave 2, 2, 0: a node above 4 / 3 rounded down hands one back to the one short.
        await using var c = await Node.StartAsync(database, Fast);
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(40);
        int[] Held() => [.. new[] { a, b, c }.Select(n => n.Dispatcher.HeldPartitions.Length).Order()];
        while (!Held().SequenceEqual([1, 1, 2]))
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"parts held: {string.Join(", ", Held())}");
            await Task.Delay(100);
        }

        await c.Outbox.EnqueueAsync(Enumerable.Range(1, 40).Select(i => new OutboundMessage(i, "x")).ToList(), CancellationToken.None);
        await c.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent), 40);
        Assert.All(new[] { a, b, c }, n => Assert.NotEmpty(n.Sender.Sent));
        Assert.Equal(40, a.Sender.Sent.Concat(b.Sender.Sent).Concat(c.Sender.Sent).Select(s => s.MessageId).Distinct().Count());
    }

    /// <summary>Until each node sends two of the four parts (a node hands extra parts back after holding them 10 s).</summary>
    private static async Task UntilSplitAsync(Node a, Node b)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(40);
        while (!(a.Dispatcher.HeldPartitions.Length == 2 && b.Dispatcher.HeldPartitions.Length == 2))
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"parts held: {a.Dispatcher.HeldPartitions.Length} and {b.Dispatcher.HeldPartitions.Length}");
            await Task.Delay(100);
        }

        Assert.Empty(a.Dispatcher.HeldPartitions.Intersect(b.Dispatcher.HeldPartitions));
    }

    [Fact]
    public async Task Dispatcher_SendsAtOnce_WhenAnotherNodeEnqueuesOnPostgres()
    {
        // A poll a minute apart: only the NOTIFY of the other node's enqueue can wake the sender within the test.
        var slowPoll = Fast with { PollInterval = TimeSpan.FromMinutes(1) };
        var database = await TestDatabase.CreateAsync(TestDatabase.Postgres, "notify");
        await using var sender = await Node.StartAsync(database, slowPoll);
        await using var other = await Node.StartAsync(database, slowPoll, start: false);
        // Once the sender listens, and has taken its one wake-up for what came before, it waits out its poll.
        await sender.UntilAsync(db => db.Database.SqlQueryRaw<int>(
            "SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'").SingleAsync(), 1);
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        await other.Replies.EnqueueAsync([new OutboundMessage(1, "reply", DedupKey: "tg-reply:1:1:0")], CancellationToken.None);
        await other.Outbox.EnqueueAsync([new OutboundMessage(2, "reminder")], CancellationToken.None);
        await sender.UntilAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent), 2, TimeSpan.FromSeconds(15));

        Assert.Equal([1L, 2L], sender.Sender.Sent.Select(s => s.ChatId).Order());
    }

    private sealed class Node : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly OutboxDispatcher? _dispatcher;

        private Node(ServiceProvider services, OutboxDispatcher? dispatcher)
        {
            _services = services;
            _dispatcher = dispatcher;
        }

        public RecordingSender Sender => _services.GetRequiredService<RecordingSender>();

        public OutboxDispatcher Dispatcher => _dispatcher ?? throw new InvalidOperationException("not started");

        public IOutbox Outbox => _services.GetRequiredService<IOutbox>();

        public ReplyOutbox Replies => _services.GetRequiredService<ReplyOutbox>();

        public ChildCareDbContext Db() => _services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();

        public static async Task<Node> StartAsync(DatabaseSettings database, MessagingSettings settings, bool start = true)
        {
            var services = await TestDatabase.ServicesAsync(database, s =>
            {
                s.AddSingleton(settings);
                s.AddSingleton<RecordingSender>();
                s.AddSingleton<IMessageSender>(sp => sp.GetRequiredService<RecordingSender>());
                s.AddChildCareOutboxDispatcher(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
            });
            OutboxDispatcher? dispatcher = null;
            if (start)
            {
                dispatcher = services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single();
                await dispatcher.StartAsync(CancellationToken.None);
            }

            return new Node(services, dispatcher);
        }

        public async Task UntilAsync(Func<ChildCareDbContext, Task<int>> count, int expected, TimeSpan? timeout = null)
        {
            var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(30));
            var last = -1;
            while (TimeProvider.System.GetUtcNow() < deadline)
            {
                await using var db = Db();
                last = await count(db);
                if (last >= expected)
                {
                    return;
                }

                await Task.Delay(50);
            }

            Assert.Fail($"expected {expected}, still {last} after the timeout");
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_dispatcher is not null)
            {
                await _dispatcher.StopAsync(CancellationToken.None);
            }

            await _services.DisposeAsync();
        }

        private bool _disposed;
    }
}
