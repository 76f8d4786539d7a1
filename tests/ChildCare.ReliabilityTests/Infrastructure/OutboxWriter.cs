using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>
/// The product's own outbox (<see cref="IOutbox"/>) on a test's database, in this process: what a Scheduler node
/// does when reminders fall due, without waiting for their moment. The Bot nodes send what it queues.
/// </summary>
internal sealed class OutboxWriter : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private OutboxWriter(ServiceProvider services)
    {
        _services = services;
    }

    public static async Task<OutboxWriter> OpenAsync(ReliabilityDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var settings = new DatabaseSettings(DatabaseProvider.Postgres, database.ConnectionString, TimeSpan.FromSeconds(30));
        // Sealed with the nodes' key (ReliabilityDatabase gives them TestPrivacy.Key), as a Scheduler node of the same
        // deployment would: under another key the Bot could not open the texts.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(PrivacySettings.KeyKey, TestPrivacy.Key)]).Build();
        var privacy = PrivacySettings.Read(configuration, settings, AppContext.BaseDirectory);
        return new OutboxWriter(await TestDatabase.ServicesAsync(settings, services => services.AddChildCarePrivacy(privacy).AddChildCareOutbox()));
    }

    /// <summary>A reminder-like message to each chat, numbered, in batches of 500; returns what each chat must receive.</summary>
    public async Task<List<(long Chat, string Text)>> EnqueueAsync(IEnumerable<long> chats, string label)
    {
        var outbox = _services.GetRequiredService<IOutbox>();
        var expected = chats.Select((chat, i) => (Chat: chat, Text: FormattableString.Invariant($"Nhắc việc ({label} #{i}): nộp <b>báo cáo 6 tháng</b> trước ngày 15/6."))).ToList();
        foreach (var batch in expected.Chunk(500))
        {
            await outbox.EnqueueAsync([.. batch.Select(m => new OutboundMessage(m.Chat, m.Text, MessagePriority.Reminder, "reminder", DedupKey: $"{label}:{m.Chat}"))], CancellationToken.None);
        }

        return expected;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
