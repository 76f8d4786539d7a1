namespace ChildCare.Core.Directory;

/// <summary>
/// One change to the directory: who (<c>official:12</c>), when, what (<see cref="Subject"/>, e.g.
/// <c>hotline:s18001744</c>, <c>place:3</c>, <c>guidance:WaterSafety:vi</c>) and the entry as it was left
/// (JSON; null when it was deleted or restored to the shipped one). Written in the same transaction as the change.
/// </summary>
public sealed class DirectoryEdit
{
    public long Id { get; private set; }

    public required DateTimeOffset At { get; init; }

    public required string Actor { get; init; }

    public required string Subject { get; init; }

    public required DirectoryAction Action { get; init; }

    public string? Value { get; init; }
}

/// <summary>What a <see cref="DirectoryEdit"/> did. Stored by name.</summary>
public enum DirectoryAction
{
    Added,
    Edited,
    Deactivated,
    Activated,
    Restored,
    Deleted,
}
