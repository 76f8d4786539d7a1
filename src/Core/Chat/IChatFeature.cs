
namespace ChildCare.Core.Chat;

/// <summary>A feature reachable from a chat: it declares its <see cref="Routes"/>, the <see cref="ChatRouter"/> calls it.</summary>
public interface IChatFeature
{
    ChatRoutes Routes { get; }

    /// <summary>
    /// Answers what the router gave it. Null declines: free text goes on to the next feature in precedence, anything
    /// else to the help desk (a button of this prefix it cannot read, say).
    /// </summary>
    Task<ChatOutcome?> HandleAsync(ChatRequest request, CancellationToken cancellationToken);

    /// <summary>A command was typed: drop any question still waiting for this chat's text (the person moved on).</summary>
    Task ForgetWaitingAsync(Officials.ChatPerson person, CancellationToken cancellationToken) => Task.CompletedTask;
}
