namespace ChildCare.Core.Cases;

/// <summary>One break in a case's record: the case, the line's id, and what is wrong.</summary>
public sealed record AuditBreak(string CaseCode, long LineId, string Problem);
