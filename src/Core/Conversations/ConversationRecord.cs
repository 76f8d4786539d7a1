namespace ChildCare.Core.Conversations;

/// <summary>
/// A conversation's stored state: one row per channel and chat. <see cref="SealedState"/> is the
/// <see cref="ConversationState"/> as JSON, sealed (an unfinished report holds what a reporter typed);
/// <see cref="Version"/> goes up with every save, so two writers cannot both win.
/// </summary>
public sealed class ConversationRecord
{
    public required string Channel { get; init; }

    public required long ChatId { get; init; }

    public required byte[] SealedState { get; set; }

    public int Version { get; set; }

    /// <summary>Whether the state holds an unfinished report, so stale drafts can be found without opening every row.</summary>
    public bool HasDraft { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
