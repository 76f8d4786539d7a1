namespace ChildCare.Core.Messaging;

/// <summary>Handles one stored update of a channel (Telegram, web chat). Throwing means "try again later".</summary>
public interface IInboundHandler
{
    string Channel { get; }

    Task HandleAsync(InboundUpdate update, CancellationToken cancellationToken);
}
