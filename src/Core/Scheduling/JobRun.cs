namespace ChildCare.Core.Scheduling;

/// <summary>
/// One execution of a scheduled job on one node: what the dashboard shows and what proves a job
/// scheduled once ran once in a cluster.
/// </summary>
public sealed class JobRun
{
    public long Id { get; private set; }

    public required string JobName { get; init; }

    /// <summary>Hangfire's job id: the same for a job fetched again after its node died, so a resumed run is seen as such.</summary>
    public required string FireInstanceId { get; init; }

    /// <summary>The scheduler instance id of the node that ran it.</summary>
    public required string Node { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public bool? Succeeded { get; private set; }

    /// <summary>The exception type and first line of its message; never data about people.</summary>
    public string? Error { get; private set; }

    public void Finish(DateTimeOffset at, Exception? error)
    {
        FinishedAt = at;
        Succeeded = error is null;
        Error = error is null ? null : Truncate($"{error.GetType().Name}: {error.Message}", 500);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
