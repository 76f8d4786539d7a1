using ChildCare.Core.Localization;

namespace ChildCare.Core.Conversations;

/// <summary>
/// Everything a conversation remembers between messages, stored per channel and chat as JSON.
/// <see cref="Schema"/> is bumped when a change makes older stored states unreadable: the engine then starts
/// such conversations afresh (keeping the language and province) instead of failing.
/// </summary>
public sealed record ConversationState
{
    public const int CurrentSchema = 1;

    public int Schema { get; init; } = CurrentSchema;

    /// <summary>Chosen with /language; null means "follow the client's language".</summary>
    public Language? Language { get; init; }

    public ConversationStep Step { get; init; } = ConversationStep.Idle;

    /// <summary>Set while answering a question reached from the review screen: the answer goes back to the review.</summary>
    public bool ReturnToReview { get; init; }

    public ReportDraft? Report { get; init; }

    /// <summary>The province the person said they are in: asked once, remembered.</summary>
    public string? ProvinceCode { get; init; }

    /// <summary>The commune or ward, when they named one in a report: for the trusted places near them.</summary>
    public string? Commune { get; init; }

    /// <summary>The draft id and code of the last report sent, so a second tap on "send" can say it was sent.</summary>
    public Guid? LastSentDraft { get; init; }

    public string? LastSentCode { get; init; }

    /// <summary>
    /// The id a client gave its last input, and what it was answered: a client that retries after a timeout
    /// sends the same id and gets the same answer, instead of the input being taken twice (the web chat).
    /// </summary>
    public string? LastInputId { get; init; }

    public IReadOnlyList<ConversationReply>? LastReplies { get; init; }

    /// <summary>
    /// Whether that input filed a report (its answer then holds the follow code of a web report, and is replayed only
    /// for a short while, see <see cref="ConversationEngine.FiledReplayWindow"/>), and whether it completed it.
    /// </summary>
    public bool LastFiled { get; init; }

    public bool LastComplete { get; init; }

    public static ConversationState New { get; } = new();

    public Language LanguageOr(Language client) => Language ?? client;

    /// <summary>The state with no report open: discarded, or deleted after it was left too long.</summary>
    public ConversationState WithoutReport() => this with { Step = ConversationStep.Idle, Report = null, ReturnToReview = false };
}
