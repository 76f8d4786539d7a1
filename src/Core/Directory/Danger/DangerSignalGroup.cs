namespace ChildCare.Core.Directory.Danger;

/// <summary>Phrases of one family of danger that need the same context and put the same number first.</summary>
internal sealed record DangerSignalGroup(DangerFamily Family, int First, DangerNeeds Needs, IReadOnlyList<string> Phrases);
