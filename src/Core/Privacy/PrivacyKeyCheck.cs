namespace ChildCare.Core.Privacy;

/// <summary>
/// The one row that says which privacy key this database's sealed values were made with: a keyed hash of a fixed
/// text (<see cref="Sealer.KeyCheck"/>), which tells nothing about the key. Written by the first node that starts on
/// the database; every start compares its own key with it (<see cref="PrivacyKeyGuard"/>).
/// </summary>
public sealed class PrivacyKeyCheck
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    /// <summary>64 hex characters.</summary>
    public required string KeyCheck { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
