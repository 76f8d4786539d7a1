using System.Collections.Concurrent;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Core.Tests.Messaging;

/// <summary>Every node works the inbox: a chat is held by one node at a time, its updates handled in the order they came.</summary>
public sealed class InboxClaimTests
{
    public static TheoryData<string> Providers => [TestDatabase.Sqlite, TestDatabase.Postgres];

    [Fact]
    public async Task Processors_HandleEachUpdateOnceInChatOrder_WhenTwoNodesClaimOnePostgresDatabase()
    {
        const int Chats = 40;
        const int PerChat = 15;
        var settings = await TestDatabase.CreateAsync(TestDatabase.Postgres, "inbox-nodes");
        var privacy = PrivacySettings.Ephemeral();
        var log = new HandledLog();
        await using var nodeA = await NodeAsync(settings, privacy, new RecordingHandler("a", log));
        await using var nodeB = await NodeAsync(settings, privacy, new RecordingHandler("b", log));
        var processors = new[] { nodeA, nodeB }.Select(n => n.GetServices<IHostedService>().OfType<InboundProcessor>().Single()).ToList();
        foreach (var processor in processors)
        {
            await processor.StartAsync(CancellationToken.None);
        }

        // Interleaved: update n belongs to chat n % Chats; batches stored by one node or the other, as a load balancer would.
        var updates = Enumerable.Range(1, Chats * PerChat).Select(i => ((long)i, (long?)(i % Chats), $"{{\"n\":{i}}}")).ToList();
        var inboxes = new[] { nodeA.GetRequiredService<Inbox>(), nodeB.GetRequiredService<Inbox>() };
        foreach (var (batch, i) in updates.Chunk(25).Select((b, i) => (b, i)))
        {
            await inboxes[i % 2].AcceptAsync("telegram", batch, CancellationToken.None);
        }

        await WaitAsync(() => log.Handled.Count >= updates.Count, TimeSpan.FromSeconds(60));
        foreach (var processor in processors)
        {
            await processor.StopAsync(CancellationToken.None);
        }

        var handled = log.Handled.ToList();
        Assert.Equal(updates.Count, handled.Count);
        Assert.Equal(updates.Count, handled.Select(h => h.UpdateId).Distinct().Count());
        Assert.Equal(0, log.Overlaps);
        foreach (var chat in handled.GroupBy(h => h.UpdateId % Chats))
        {
            var ids = chat.Select(h => h.UpdateId).ToList();
            Assert.Equal(ids.Order(), ids);
        }

        Assert.Contains(handled, h => h.Node == "a");
        Assert.Contains(handled, h => h.Node == "b");
        await using var db = await nodeA.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync();
        Assert.Equal(updates.Count, await db.InboundUpdates.CountAsync(u => u.Status == InboundStatus.Done && u.Attempts == 1));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Claim_HoldsAChatsLaterUpdates_WhileAnotherNodeHasItsEarlierOnes(string provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero));
        await using var services = await TestDatabase.ServicesAsync(await TestDatabase.CreateAsync(provider, "inbox-hold"), s => s.AddSingleton<Inbox>(), time);
        var inbox = services.GetRequiredService<Inbox>();
        await inbox.AcceptAsync("telegram", [(1, 7, "{}"), (2, 7, "{}")], CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        await inbox.AcceptAsync("telegram", [(3, 8, "{}"), (4, null, "{}")], CancellationToken.None);

        var a = await inbox.ClaimAsync("a", 1, TimeSpan.FromMinutes(1), CancellationToken.None);
        await inbox.AcceptAsync("telegram", [(5, 7, "{}")], CancellationToken.None);
        var b = await inbox.ClaimAsync("b", 10, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal([1L, 2L], a.Select(u => u.UpdateId));
        Assert.Equal([3L, 4L], b.Select(u => u.UpdateId));
        Assert.Empty(await inbox.ClaimAsync("b", 10, TimeSpan.FromMinutes(1), CancellationToken.None));

        // Once chat 7's earlier updates are done, its later one is anyone's.
        foreach (var update in a)
        {
            await inbox.CompleteAsync(update, "a", CancellationToken.None);
        }

        Assert.Equal([5L], (await inbox.ClaimAsync("b", 10, TimeSpan.FromMinutes(1), CancellationToken.None)).Select(u => u.UpdateId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Claim_LeavesAHeldChatAlone_WhenAnUpdateStampedEarlierIsStoredAfterTheClaim(string provider)
    {
        // Two webhook requests of one chat store their updates at once: the one stamped first can commit after the
        // other was claimed. It must wait for the chat, not be handled beside the held one.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero));
        await using var services = await TestDatabase.ServicesAsync(await TestDatabase.CreateAsync(provider, "inbox-late-commit"), s => s.AddSingleton<Inbox>(), time);
        var inbox = services.GetRequiredService<Inbox>();
        time.Advance(TimeSpan.FromSeconds(5));
        await inbox.AcceptAsync("zalo", [(2, 7, "{}")], CancellationToken.None);
        var a = await inbox.ClaimAsync("a", 10, TimeSpan.FromMinutes(1), CancellationToken.None);
        await inbox.AcceptAsync("zalo", [(1, 7, "{}")], CancellationToken.None);
        await using (var db = await services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync())
        {
            await db.InboundUpdates.Where(u => u.UpdateId == 1).ExecuteUpdateAsync(u => u.SetProperty(x => x.ReceivedAt, time.GetUtcNow() - TimeSpan.FromSeconds(1)));
        }

        Assert.Equal([2L], a.Select(u => u.UpdateId));
        Assert.Empty(await inbox.ClaimAsync("b", 10, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Empty(await inbox.ClaimAsync("a", 10, TimeSpan.FromMinutes(1), CancellationToken.None));

        await inbox.CompleteAsync(a[0], "a", CancellationToken.None);
        Assert.Equal([1L], (await inbox.ClaimAsync("b", 10, TimeSpan.FromMinutes(1), CancellationToken.None)).Select(u => u.UpdateId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Claim_TakesOverAChat_WhenItsLeaseRanOut(string provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero));
        await using var services = await TestDatabase.ServicesAsync(await TestDatabase.CreateAsync(provider, "inbox-expiry"), s => s.AddSingleton<Inbox>(), time);
        var inbox = services.GetRequiredService<Inbox>();
        await inbox.AcceptAsync("telegram", [(1, 7, "{\"n\":1}"), (2, 7, "{\"n\":2}")], CancellationToken.None);
        var dead = await inbox.ClaimAsync("dead-node", 10, TimeSpan.FromSeconds(30), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(await inbox.ClaimAsync("b", 10, TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Equal(2, await inbox.RenewAsync("dead-node", TimeSpan.FromSeconds(30), CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(31));
        var taken = await inbox.ClaimAsync("b", 10, TimeSpan.FromSeconds(30), CancellationToken.None);
        // The dead node's late word on an update it no longer holds changes nothing.
        await inbox.CompleteAsync(dead[0], "dead-node", CancellationToken.None);

        Assert.Equal([1L, 2L], dead.Select(u => u.UpdateId));
        Assert.Equal([1L, 2L], taken.Select(u => u.UpdateId));
        Assert.Equal(["{\"n\":1}", "{\"n\":2}"], taken.Select(u => u.Payload));
        Assert.All(taken, u => Assert.Equal(2, u.Attempts));
        await using var db = await services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await db.InboundUpdates.CountAsync(u => u.Status == InboundStatus.Processing && u.LeaseOwner == "b"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Release_GivesALaterUpdateBack_AsIfNeverClaimed(string provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero));
        await using var services = await TestDatabase.ServicesAsync(await TestDatabase.CreateAsync(provider, "inbox-release"), s => s.AddSingleton<Inbox>(), time);
        var inbox = services.GetRequiredService<Inbox>();
        await inbox.AcceptAsync("telegram", [(1, 7, "{}"), (2, 7, "{}")], CancellationToken.None);
        var claimed = await inbox.ClaimAsync("a", 10, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.False(await inbox.FailAsync(claimed[0], "a", "scripted", CancellationToken.None));
        await inbox.ReleaseAsync([claimed[1]], "a", CancellationToken.None);

        // The failed update waits for its backoff, and its chat with it.
        Assert.Empty(await inbox.ClaimAsync("b", 10, TimeSpan.FromMinutes(1), CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(3));
        var again = await inbox.ClaimAsync("b", 10, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal([(1L, 2), (2L, 1)], again.Select(u => (u.UpdateId, u.Attempts)));
    }

    private static Task<ServiceProvider> NodeAsync(DatabaseSettings settings, PrivacySettings privacy, IInboundHandler handler) =>
        TestDatabase.ServicesAsync(settings, s =>
        {
            s.AddChildCarePrivacy(privacy);
            s.AddSingleton(handler);
            s.AddChildCareInbox();
        });

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(started.Elapsed < timeout, "timed out");
            await Task.Delay(50);
        }
    }

    private sealed class HandledLog
    {
        private readonly ConcurrentDictionary<long, int> _inHand = new();
        private int _overlaps;

        public ConcurrentQueue<(string Node, long UpdateId)> Handled { get; } = new();

        public int Overlaps => _overlaps;

        public async Task HandleAsync(string node, InboundUpdate update)
        {
            var chat = update.ChatId ?? -update.UpdateId;
            if (_inHand.AddOrUpdate(chat, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref _overlaps);
            }

            // Long enough for the other node to try the same chat meanwhile.
            await Task.Delay((int)(update.UpdateId % 3));
            Handled.Enqueue((node, update.UpdateId));
            _inHand.AddOrUpdate(chat, 0, (_, n) => n - 1);
        }
    }

    private sealed class RecordingHandler(string node, HandledLog log) : IInboundHandler
    {
        public string Channel => "telegram";

        public Task HandleAsync(InboundUpdate update, CancellationToken cancellationToken)
        {
            Assert.NotNull(update.Payload);
            return log.HandleAsync(node, update);
        }
    }
}
