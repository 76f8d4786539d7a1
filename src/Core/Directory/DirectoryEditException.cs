namespace ChildCare.Core.Directory;

/// <summary>An edit of the directory that was refused: the <see cref="Problem"/>, in which <see cref="Field"/>.</summary>
public sealed class DirectoryEditException : Exception
{
    public DirectoryEditException(DirectoryProblem problem, string? field = null, int limit = 0)
        : base(field is null ? $"Directory edit refused: {problem}." : $"Directory edit refused: {problem} in {field}.")
    {
        Problem = problem;
        Field = field;
        Limit = limit;
    }

    public DirectoryProblem Problem { get; }

    /// <summary>The field at fault by its property name ("NameVi", "Number"), or null for the whole entry.</summary>
    public string? Field { get; }

    /// <summary>For <see cref="DirectoryProblem.TooLong"/>, the limit in characters.</summary>
    public int Limit { get; }
}
