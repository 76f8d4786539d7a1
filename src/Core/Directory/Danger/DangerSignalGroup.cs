namespace ChildCare.Core.Directory.Danger;

/// <summary>
/// Phrases of one family of danger that need the same context and put the same number first. A plea ("cứu với",
/// "help me") counts whatever frames it: nobody writes "help me" to ask about prevention. With names a concept that must
/// also be somewhere else in the message: a child on a bridge is danger when the message also says fear or farewell.
/// </summary>
internal sealed record DangerSignalGroup(DangerFamily Family, int First, DangerNeeds Needs, IReadOnlyList<string> Phrases, bool Plea = false, string? With = null);
