namespace ChildCare.Core.Messaging;

/// <summary>Every message the product sends goes through here: stored first, sent by the dispatcher.</summary>
public interface IOutbox
{
    /// <summary>Stores the messages in one transaction; returns how many were new (not dropped by their dedup key).</summary>
    Task<int> EnqueueAsync(IReadOnlyCollection<OutboundMessage> messages, CancellationToken cancellationToken);
}
