namespace ChildCare.Core.Messaging;

/// <summary>Sends one outbox message over its channel. Must not throw for channel errors: it returns a result.</summary>
public interface IMessageSender
{
    string Channel { get; }

    Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}
