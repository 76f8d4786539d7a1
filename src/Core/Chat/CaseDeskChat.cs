using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;

namespace ChildCare.Core.Chat;

/// <summary>
/// The case buttons under an alert and the reason or note an official is asked to type: that text goes before
/// everything else a chat types while the question waits; any command drops the question.
/// </summary>
internal sealed class CaseDeskChat(CaseChat cases) : IChatFeature
{
    public const int TextPrecedence = 10;

    public ChatRoutes Routes { get; } = new(
        "cases",
        [],
        [CaseNotifier.CallbackPrefix],
        TextPrecedence,
        ForOfficials: true,
        Channels: [OutboxMessage.TelegramChannel, OutboxMessage.ZaloChannel]);

    public async Task<ChatOutcome?> HandleAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var person = request.Person;
        switch (request.Kind)
        {
            case ChatRouteKind.Button:
                return new ChatOutcome(Routes.Feature, await cases.OnButtonAsync(person, request.Input.Message.Data!, cancellationToken));
            case ChatRouteKind.Text when request.Input.Message is { Kind: InputKind.Text, Text: { Length: > 0 } typed }
                && await cases.IsWaitingAsync(person, cancellationToken):
                return new ChatOutcome(Routes.Feature, await cases.OnTextAsync(person, typed, cancellationToken));
            default:
                return null;
        }
    }

    public Task ForgetWaitingAsync(ChatPerson person, CancellationToken cancellationToken) => cases.ForgetAsync(person, cancellationToken);
}
