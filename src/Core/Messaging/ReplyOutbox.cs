namespace ChildCare.Core.Messaging;

/// <summary>
/// The outbox as the inbox's handlers use it: the replies of the chats being handled at once on this node are stored
/// together (<see cref="GroupCommit{TItem, TResult}"/>), one transaction and one set of look-ups for all of them
/// instead of one per update. Each caller still returns only once its own replies are stored, with their count.
/// </summary>
public sealed class ReplyOutbox : IOutbox
{
    // A claim holds at most 2 × InboundProcessor.MaxChats chats, each waiting for one reply group at a time.
    private const int MaxGroups = 64;
    private readonly GroupCommit<IReadOnlyCollection<OutboundMessage>, int> _commit;

    public ReplyOutbox(OutboxStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _commit = new(
            groups => store.EnqueueGroupsAsync(groups, CancellationToken.None),
            group => store.EnqueueGroupAsync(group, CancellationToken.None),
            MaxGroups);
    }

    public Task<int> EnqueueAsync(IReadOnlyCollection<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Count == 0 ? Task.FromResult(0) : _commit.WriteAsync(messages).WaitAsync(cancellationToken);
    }
}
