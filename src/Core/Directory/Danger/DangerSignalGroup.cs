namespace ChildCare.Core.Directory.Danger;

/// <summary>
/// Phrases of one family of danger that need the same context and put the same number first. A plea ("cứu với",
/// "help me") counts whatever frames it: nobody writes "help me" to ask about prevention.
/// </summary>
internal sealed record DangerSignalGroup(DangerFamily Family, int First, DangerNeeds Needs, IReadOnlyList<string> Phrases, bool Plea = false);
