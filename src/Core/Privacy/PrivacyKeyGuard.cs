using ChildCare.Core.Configuration;
using ChildCare.Core.Messaging.Delivery;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Privacy;

/// <summary>
/// Stops start-up, with one sentence naming the setting, when the privacy key is not the one this database's values
/// were sealed with: a database restored without its key file, a key file lost, a node given another
/// <c>Privacy:Key</c> than the rest. Without it such a node started, failed on the first sealed value it read (the
/// Bot at its push key, with a stack trace) or, worse, sealed reminders and reports its colleagues could not open; a
/// missing key file was replaced by a new key before anything noticed.
/// </summary>
/// <remarks>
/// The database keeps <see cref="Sealer.KeyCheck"/> of the key it was first used with (<see cref="PrivacyKeyCheck"/>);
/// a database from before the check is checked by opening its sealed push key, then given the check. Runs after the
/// migrations and before anything seals or opens a value.
/// </remarks>
public static class PrivacyKeyGuard
{
    /// <summary>Checks the key (making the key file of a new database), and records its check when the database has none.</summary>
    /// <exception cref="ConfigurationException">The key is missing or not this database's.</exception>
    public static async Task EnsureAsync(IDbContextFactory<ChildCareDbContext> contexts, PrivacySettings privacy, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(privacy);
        ArgumentNullException.ThrowIfNull(time);
        string? stored;
        byte[]? sealedBefore = null;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            stored = await Stored(db).SingleOrDefaultAsync(cancellationToken);
            if (stored is null)
            {
                sealedBefore = await db.VapidKeys.AsNoTracking().Where(k => k.Id == 1).Select(k => k.SealedPrivateKey).SingleOrDefaultAsync(cancellationToken);
            }
        }

        if (privacy.MakesKey && (stored is not null || sealedBefore is not null))
        {
            throw new ConfigurationException(privacy.Setting,
                $"(here {privacy.KeyFile}) does not exist, but this database already holds values sealed with a privacy key (case details, unfinished reports, the push key): put back the key file that came with this database, from its machine or its backup. A new key would not open them, so none was made, and the node stopped before reading or writing any sealed value.");
        }

        // Reads the key now, and makes the key file of a new database.
        var sealer = new Sealer(privacy);
        var mine = sealer.KeyCheck();
        if (stored is null)
        {
            if (sealedBefore is not null && !Opens(sealer, sealedBefore))
            {
                throw NotThisDatabases(privacy);
            }

            stored = await RecordAsync(contexts, mine, time, cancellationToken);
        }

        if (!string.Equals(stored, mine, StringComparison.Ordinal))
        {
            throw NotThisDatabases(privacy);
        }
    }

    private static bool Opens(Sealer sealer, byte[] sealedValue)
    {
        try
        {
            _ = sealer.Open(sealedValue, VapidKeyRecord.SealContext);
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Stores this key's check, unless another node stored one first; returns the one stored.</summary>
    private static async Task<string> RecordAsync(IDbContextFactory<ChildCareDbContext> contexts, string check, TimeProvider time, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.PrivacyKeyChecks.Add(new PrivacyKeyCheck { Id = PrivacyKeyCheck.SingletonId, KeyCheck = check, CreatedAt = time.GetUtcNow().ToUniversalTime() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return check;
            }
            catch (DbUpdateException)
            {
                // Another node starting at the same moment stored its key's check first: that one is compared.
            }
        }

        await using var again = await contexts.CreateDbContextAsync(cancellationToken);
        return await Stored(again).SingleAsync(cancellationToken);
    }

    /// <summary>The database's recorded check: one row or none.</summary>
    private static IQueryable<string> Stored(ChildCareDbContext db) =>
        db.PrivacyKeyChecks.AsNoTracking().Where(k => k.Id == PrivacyKeyCheck.SingletonId).Select(k => k.KeyCheck);

    private static ConfigurationException NotThisDatabases(PrivacySettings privacy) =>
        new(privacy.Setting,
            $"{(privacy.KeyFile is { } file ? $"(here {file}) " : "")}is not the key this database's values were sealed with: give this node the key its database was first used with, the same on every node. With this one it could not open case details and reports, and the other nodes could not open what it sealed, so it stopped before reading or writing any sealed value.");
}
