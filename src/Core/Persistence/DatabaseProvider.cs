namespace ChildCare.Core.Persistence;

public enum DatabaseProvider
{
    /// <summary>The embedded default: one file, one node.</summary>
    Sqlite,

    /// <summary>Production: several Bot and Scheduler nodes share one database.</summary>
    Postgres,
}
