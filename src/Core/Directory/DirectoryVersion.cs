namespace ChildCare.Core.Directory;

/// <summary>
/// The one row counting the directory's edits: every edit adds one in its transaction, so a node knows its
/// copy is stale by reading one number (<see cref="HelpDirectoryProvider"/>).
/// </summary>
internal sealed class DirectoryVersion
{
    public const int RowId = 1;

    public int Id { get; init; }

    public long Version { get; init; }
}
