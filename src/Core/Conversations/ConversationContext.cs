using ChildCare.Core.Directory;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Conversations;

/// <summary>
/// What a flow may read besides the state and the input: the directory, the client's language, the time, and
/// how many reports this chat has sent in the last hour, the communes and wards of the open report's province
/// (empty when none are known), whether the channel takes photos, at the hourly limit how long until it may report
/// again, and whether its unfinished report is old (untouched for <see cref="ConversationEngine.OldDraftAfter"/>:
/// maybe another person's, on a shared phone), and whether the channel forgets the chat once a report is done (the
/// web chat's session is replaced then). All of it is loaded by the engine beforehand, but for the reports of the last
/// hour: the engine counts those only for a turn that may start or file a report (<c>ConversationEngine.ReadsTheLimit</c>),
/// so a flow must read the limit only as "at it or not", and only where a report starts or is filed.
/// </summary>
public sealed record ConversationContext(
    HelpDirectory Directory,
    Language ClientLanguage,
    DateTimeOffset Now,
    int ReportsInLastHour = 0,
    int MaxReportsPerHour = 3,
    Guid NewDraftId = default,
    IReadOnlyList<string>? Communes = null,
    bool TakesPhotos = true,
    TimeSpan ReportLimitWait = default,
    bool DraftIsOld = false,
    bool ForgetsAfterReport = false)
{
    /// <summary>The names (Vietnamese) of the communes, wards and towns of the open report's province.</summary>
    public IReadOnlyList<string> CommuneNames => Communes ?? [];
}

/// <summary>What handling one input produced: the new state, the replies in order, and at most one command.</summary>
public sealed record Turn(ConversationState State, IReadOnlyList<ConversationReply> Replies, ConversationCommand? Command = null);
