using System.Collections.Concurrent;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChildCare.Core.Tests.Messaging;

public sealed class InboxTests
{
    public static TheoryData<string> Providers => [TestDatabase.Sqlite, TestDatabase.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Accept_DropsDuplicates_ByChannelAndUpdateId(string provider)
    {
        await using var services = await TestDatabase.ServicesAsync(await TestDatabase.CreateAsync(provider, "inbox"), s => s.AddSingleton<Inbox>());
        var inbox = services.GetRequiredService<Inbox>();

        var first = await inbox.AcceptAsync("telegram", [(1, 10, "{}"), (2, 10, "{}"), (2, 10, "{}")], CancellationToken.None);
        var second = await inbox.AcceptAsync("telegram", [(2, 10, "{}"), (3, 11, "{}")], CancellationToken.None);
        var other = await inbox.AcceptAsync("web", [(1, 10, "{}")], CancellationToken.None);

        Assert.Equal((2, 1, 1), (first, second, other));
        Assert.Equal(3, await inbox.LastUpdateIdAsync("telegram", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Accept_StoresEachUpdateOnce_WhenSingleUpdatesArriveTogether(string provider)
    {
        await using var services = await TestDatabase.ServicesAsync(await TestDatabase.CreateAsync(provider, "accept"), s => s.AddSingleton<Inbox>());
        var inbox = services.GetRequiredService<Inbox>();
        await inbox.AcceptAsync("telegram", [(7, 70, "{}")], CancellationToken.None);

        // One request per update, as webhooks send them: 40 updates, each posted twice at once, and update 7 again.
        var posts = Enumerable.Range(1, 40).SelectMany(i => new[] { (long)i, i })
            .Select(id => Task.Run(() => inbox.AcceptAsync("telegram", [(id, id * 10, $"{{\"n\":{id}}}")], CancellationToken.None)));
        var added = await Task.WhenAll(posts);

        Assert.Equal(39, added.Sum());
        Assert.All(added, a => Assert.InRange(a, 0, 1));
        await using var db = await services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync();
        Assert.Equal(40, await db.InboundUpdates.CountAsync());
        Assert.Equal(40, await db.InboundUpdates.CountAsync(u => u.SealedPayload != null && u.ChatId == u.UpdateId * 10));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Accept_KeepsEachPayloadAndChat_WhenABatchMixesUpdatesWithAndWithoutChat(string provider)
    {
        await using var services = await TestDatabase.ServicesAsync(await TestDatabase.CreateAsync(provider, "accept-mix"), s => s.AddSingleton<Inbox>());
        var inbox = services.GetRequiredService<Inbox>();

        // As polling hands them over: several at once, one of a kind that has no chat, one repeated.
        var added = await inbox.AcceptAsync("telegram", [(5, 50, "{\"n\":5}"), (6, null, "{\"n\":6}"), (7, -70, "{\"n\":7}"), (5, 50, "{\"n\":5}")], CancellationToken.None);
        var claimed = await inbox.ClaimAsync("node", 10, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(3, added);
        Assert.Equal([(5L, (long?)50, "{\"n\":5}"), (6, null, "{\"n\":6}"), (7, -70, "{\"n\":7}")], claimed.Select(u => (u.UpdateId, u.ChatId, u.Payload)).Order());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Processor_HandlesEachUpdateOnceInChatOrder_AndErasesPayload(string provider)
    {
        var handler = new ScriptedHandler();
        await using var services = await TestDatabase.ServicesAsync(await TestDatabase.CreateAsync(provider, "process"), s =>
        {
            s.AddSingleton<IInboundHandler>(handler);
            s.AddChildCareInbox();
        });
        var inbox = services.GetRequiredService<Inbox>();
        handler.FailTimes(5, 2);
        var processor = services.GetServices<IHostedService>().OfType<InboundProcessor>().Single();
        await processor.StartAsync(CancellationToken.None);

        var updates = Enumerable.Range(1, 60).Select(i => ((long)i, (long?)(i % 3), $"{{\"n\":{i}}}")).ToList();
        await inbox.AcceptAsync("telegram", updates, CancellationToken.None);
        await inbox.AcceptAsync("telegram", updates.Take(10).ToList(), CancellationToken.None);
        await WaitAsync(() => handler.Handled.Count >= 60, TimeSpan.FromSeconds(30));
        await processor.StopAsync(CancellationToken.None);

        Assert.Equal(60, handler.Handled.Count);
        Assert.Equal(60, handler.Handled.Distinct().Count());
        // Chats whose updates all succeed see them in order; update 5 (chat 2) is retried after its backoff.
        foreach (var chat in handler.Handled.GroupBy(id => id % 3).Where(c => c.Key != 5 % 3))
        {
            Assert.Equal(chat.Order(), chat);
        }

        await using var db = await services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync();
        Assert.Equal(60, await db.InboundUpdates.CountAsync(u => u.Status == InboundStatus.Done && u.SealedPayload == null && u.LegacyPayload == null));
        Assert.Equal(3, (await db.InboundUpdates.SingleAsync(u => u.UpdateId == 5)).Attempts);
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(started.Elapsed < timeout, "timed out");
            await Task.Delay(50);
        }
    }

    private sealed class ScriptedHandler : IInboundHandler
    {
        private readonly ConcurrentDictionary<long, int> _failures = new();

        public string Channel => "telegram";

        public ConcurrentQueue<long> Handled { get; } = new();

        public void FailTimes(long updateId, int times) => _failures[updateId] = times;

        public Task HandleAsync(InboundUpdate update, CancellationToken cancellationToken)
        {
            Assert.NotNull(update.Payload);
            if (_failures.TryGetValue(update.UpdateId, out var left) && left > 0)
            {
                _failures[update.UpdateId] = left - 1;
                throw new InvalidOperationException("scripted failure");
            }

            Handled.Enqueue(update.UpdateId);
            return Task.CompletedTask;
        }
    }
}
