using ChildCare.Core.Conversations;
using ChildCare.Core.Messaging;

namespace ChildCare.Core.Chat;

/// <summary>
/// The help desk in the router: the fallback, so unknown commands and buttons reach it and it answers them
/// (its own commands, /start, /help, /report..., are read by the <see cref="Conversation"/> itself).
/// </summary>
internal sealed class HelpDeskChat(ConversationEngine conversations) : IChatFeature
{
    public ChatRoutes Routes { get; } = new(
        "help desk",
        [],
        [Buttons.Menu[..2], Buttons.GuidePrefix, Buttons.HelpProvincePrefix, Buttons.ReportPrefix],
        IsFallback: true);

    public async Task<ChatOutcome?> HandleAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var person = request.Person;
        var result = await conversations.HandleAsync(
            person.Channel, person.ChatId, request.Input.Message, person.Language, cancellationToken, request.Input.Key, request.Input.MayFile);
        return new ChatOutcome(Routes.Feature, [.. result.Replies.Select(r => new OutboundMessage(person.ChatId, r.Html, MessagePriority.Reply, "conversation", r.Keyboard, Channel: person.Channel))])
        {
            Language = result.Language,
            Held = result.Held,
            ReportComplete = result.ReportComplete,
            Filed = result.Filed,
        };
    }
}
