using ChildCare.Core.Conversations;
using ChildCare.Core.Messaging;
using ChildCare.Core.Plans;

namespace ChildCare.Core.Chat;

/// <summary>
/// Plan import: /kehoach, the draft's buttons, and what an official sends that belongs to a plan (a .docx or .txt
/// file, a correction of the draft, pasted text), after a waiting case prompt and before the help desk. Telegram
/// only, as before the router: the only channel that sends files.
/// </summary>
internal sealed class PlanDeskChat(PlanChat plans) : IChatFeature
{
    public const int TextPrecedence = 20;

    public ChatRoutes Routes { get; } = new(
        "plans",
        [new("kehoach"), new("plan")],
        [PlanChat.CallbackPrefix],
        TextPrecedence,
        ForOfficials: true,
        Channels: [OutboxMessage.TelegramChannel]);

    public async Task<ChatOutcome?> HandleAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var person = request.Person;
        IReadOnlyList<OutboundMessage>? messages = request.Kind switch
        {
            ChatRouteKind.Command => await plans.CommandAsync(person, request.Argument, cancellationToken),
            ChatRouteKind.Button => await plans.OnButtonAsync(person, request.Input.Message.Data!, cancellationToken),
            ChatRouteKind.Text when request.Input.Document is { } document => await DocumentAsync(person, document, cancellationToken),
            ChatRouteKind.Text when request.Input.Message is { Kind: InputKind.Text, Text: { Length: > 0 } typed } =>
                await plans.OnTextAsync(person, typed, cancellationToken),
            _ => null,
        };
        return messages is null ? null : new ChatOutcome(Routes.Feature, messages);
    }

    /// <summary>A plan sent as a file (at most <see cref="PlanDocument.MaxBytes"/>); a file from someone who is no official is the help desk's.</summary>
    private async Task<IReadOnlyList<OutboundMessage>?> DocumentAsync(Officials.ChatPerson person, ChatDocument document, CancellationToken cancellationToken)
    {
        if (!await plans.IsOfficialAsync(person, cancellationToken))
        {
            return null;
        }

        if (!PlanDocument.IsSupported(document.FileName, document.MimeType))
        {
            return PlanChat.Problem(person, PlanDocument.Problem.Unsupported);
        }

        if (document.Size > PlanDocument.MaxBytes)
        {
            return PlanChat.Problem(person, PlanDocument.Problem.TooLarge);
        }

        var download = await document.DownloadAsync(cancellationToken);
        if (download.Content is not { } content)
        {
            return PlanChat.Problem(person, download.TooLarge ? PlanDocument.Problem.TooLarge : PlanDocument.Problem.Unreadable);
        }

        var (text, problem) = PlanDocument.Read(content, document.FileName, document.MimeType);
        return text is null ? PlanChat.Problem(person, problem) : await plans.ReviewAsync(person, text, pasted: false, cancellationToken);
    }
}
