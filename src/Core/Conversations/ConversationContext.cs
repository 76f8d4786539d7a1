using ChildCare.Core.Directory;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Conversations;

/// <summary>
/// What a flow may read besides the state and the input: the directory, the client's language, the time, and
/// how many reports this chat has sent in the last hour, and whether its unfinished report is old (untouched for
/// <see cref="ConversationEngine.OldDraftAfter"/>: maybe another person's, on a shared phone). All of it is loaded
/// by the engine beforehand.
/// </summary>
internal sealed record ConversationContext(
    HelpDirectory Directory,
    Language ClientLanguage,
    DateTimeOffset Now,
    int ReportsInLastHour = 0,
    int MaxReportsPerHour = 3,
    Guid NewDraftId = default,
    bool DraftIsOld = false);

/// <summary>What handling one input produced: the new state, the replies in order, and at most one command.</summary>
public sealed record Turn(ConversationState State, IReadOnlyList<ConversationReply> Replies, ConversationCommand? Command = null);
