namespace ChildCare.Core.Cases;

/// <summary>What filing a <see cref="CaseReport"/> came to.</summary>
public abstract record IntakeResult;

/// <summary>Filed now, or earlier under the same submission. <see cref="Reached"/>: someone in its unit's tree can be told of it.</summary>
public sealed record CaseFiled(Guid SubmissionId, string Code, bool Reached = true) : IntakeResult;

/// <summary>The chat has sent as many reports as it may in the last hour. <see cref="Wait"/>: until it may send again.</summary>
public sealed record CaseRefused(int Limit, TimeSpan Wait) : IntakeResult;

/// <summary>One of a chat's own reports as the reporter may see it.</summary>
public sealed record ReportStatus(string Code, DateTimeOffset FiledAt, CoarseStatus Status);
