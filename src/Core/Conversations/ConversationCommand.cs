using ChildCare.Core.Cases;

namespace ChildCare.Core.Conversations;

/// <summary>
/// What a flow asks the engine to do outside the conversation (flows never touch the database). The engine
/// does it and hands the <see cref="CommandOutcome"/> back to <see cref="Conversation.Complete"/>.
/// </summary>
public abstract record ConversationCommand;

/// <summary>File the draft as a case; idempotent on the draft's id.</summary>
internal sealed record FileReport(ReportDraft Draft) : ConversationCommand;

/// <summary>Adds the answers given after an urgent report was filed to that case (its sealed details); idempotent.</summary>
internal sealed record AddDetails(ReportDraft Draft, string Code) : ConversationCommand;

/// <summary>
/// The coarse status of this chat's own reports: one code, or all of them when null; with <see cref="FollowCode"/>, the
/// report of that code filed from the web whatever the chat (its follow code, shown once at filing).
/// </summary>
internal sealed record LookUpStatus(string? Code, string? FollowCode = null) : ConversationCommand;

public abstract record CommandOutcome;

/// <summary>
/// <see cref="Reached"/>: someone where the child lives can be told of the case (else the reporter is told to call);
/// <see cref="FollowCode"/>: shown once where the channel forgets the chat (the web), to ask the status later.
/// </summary>
internal sealed record ReportFiled(Guid DraftId, string Code, bool Reached = true, string? FollowCode = null) : CommandOutcome;

/// <summary>The details were added to the case, or the case could not take them (not this chat's, or gone).</summary>
internal sealed record DetailsAdded(string Code, bool Added) : CommandOutcome;

/// <summary>The chat has sent as many reports as it may in the last hour; the draft is kept. <see cref="Wait"/>: until it may send again.</summary>
internal sealed record ReportRefused(int Limit, TimeSpan Wait = default) : CommandOutcome;

/// <summary>
/// The channel wants a proof that a person is sending before it files one more report from where this one comes
/// (too many from one address); the draft is kept at its review and "send" works again once the proof is given.
/// </summary>
internal sealed record ReportHeld : CommandOutcome;

/// <summary><see cref="Limited"/>: asked with a follow code, refused after too many wrong ones for that case code.</summary>
internal sealed record StatusFound(IReadOnlyList<ReportStatus> Reports, string? AskedCode, bool Limited = false) : CommandOutcome;
