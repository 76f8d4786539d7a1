namespace ChildCare.Core.Cases;

/// <summary>What <see cref="CaseAudit.VerifyAsync"/> found: counts, and every break.</summary>
public sealed record AuditReport(int Cases, int Lines, int Unchained, IReadOnlyList<AuditBreak> Breaks)
{
    public bool Intact => Breaks.Count == 0;
}
