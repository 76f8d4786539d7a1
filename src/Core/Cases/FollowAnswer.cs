namespace ChildCare.Core.Cases;

/// <summary>The status found (null: a wrong case code or follow code), or <see cref="Limited"/>: too many wrong tries for that case code.</summary>
public sealed record FollowAnswer(ReportStatus? Status, bool Limited = false);
