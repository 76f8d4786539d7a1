using ChildCare.Core.Conversations;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;

namespace ChildCare.Core.Chat;

/// <summary>
/// Officials' commands and reminder buttons: joining (on a messenger, where reminders go), upcoming deadlines
/// (everywhere, the web chat included for an official signed in there), unsubscribing, and done/snooze/details.
/// </summary>
internal sealed class OfficialDeskChat(OfficialDesk desk, ReminderDesk reminders) : IChatFeature
{
    private const string JoinPrefix = "join-";
    private static readonly string[] Messengers = [OutboxMessage.TelegramChannel, OutboxMessage.ZaloChannel];
    private static readonly string[] Web = [ConversationEngine.WebChatChannel];

    public ChatRoutes Routes { get; } = new(
        "officials",
        [
            new("start", JoinPrefix, Messengers), new("join", Channels: Messengers), new("thamgia", Channels: Messengers),
            new("join", Channels: Web), new("thamgia", Channels: Web),
            new("deadlines"), new("hanchot"), new("upcoming"),
            new("unsubscribe", Channels: Messengers),
        ],
        [ReminderTexts.CallbackPrefix + ":"],
        ForOfficials: true);

    public async Task<ChatOutcome?> HandleAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var person = request.Person;
        if (request.Kind == ChatRouteKind.Command && request.Input.Person.Channel == ConversationEngine.WebChatChannel
            && (request.Command is "join" or "thamgia" || person.Channel == ConversationEngine.WebChatChannel))
        {
            // On the web an official joins by the invite link and signs in on the site; /join is a messenger's command, and
            // the deadlines are an official's, so an anonymous visitor is told how officials get them here.
            var visitor = request.Input.Person;
            return new ChatOutcome(Routes.Feature, [new OutboundMessage(visitor.ChatId, CoreTexts.Get("OfficialsOnTheWeb", visitor.Language), MessagePriority.Reply, "official", Channel: visitor.Channel)]);
        }

        IReadOnlyList<OutboundMessage>? messages = request.Kind switch
        {
            ChatRouteKind.Button => ReminderTexts.TryReadCallback(request.Input.Message.Data, out var action, out var occurrenceId)
                ? await reminders.ActAsync(person, action, occurrenceId, cancellationToken)
                : null,
            ChatRouteKind.Command => request.Command switch
            {
                "start" => await desk.JoinAsync(person, request.Argument![JoinPrefix.Length..], cancellationToken),
                "join" or "thamgia" => await desk.JoinAsync(person, request.Argument, cancellationToken),
                "unsubscribe" => await desk.UnsubscribeAsync(person, cancellationToken),
                _ => await reminders.UpcomingAsync(person, cancellationToken),
            },
            _ => null,
        };
        return messages is null ? null : new ChatOutcome(Routes.Feature, messages);
    }
}
