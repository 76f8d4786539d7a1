using System.Buffers.Text;
using System.Security.Cryptography;
using ChildCare.Core.Messaging.Delivery;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.WebPush;

/// <summary>
/// The VAPID key pair (RFC 8292) every push request is signed with: made at first start and kept in the database,
/// the private half sealed with the privacy key. Nodes of one deployment share it through the database.
/// </summary>
internal sealed class VapidKeys(IDbContextFactory<ChildCareDbContext> contexts, Sealer sealer, TimeProvider time)
{
    private (string Public, string Private)? _keys;

    public string PublicKey => (_keys ?? throw new InvalidOperationException("The VAPID keys are not loaded yet.")).Public;

    public string PrivateKey => (_keys ?? throw new InvalidOperationException("The VAPID keys are not loaded yet.")).Private;

    /// <summary>Loads the pair, or makes and stores it when there is none; true when it was made now.</summary>
    public async Task<bool> EnsureAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.VapidKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == 1, cancellationToken) is { } stored)
        {
            _keys = (stored.PublicKey, sealer.Open(stored.SealedPrivateKey, VapidKeyRecord.SealContext));
            return false;
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        var point = new byte[65];
        point[0] = 0x04;
        parameters.Q.X!.CopyTo(point, 1);
        parameters.Q.Y!.CopyTo(point, 33);
        var made = (Base64Url.EncodeToString(point), Base64Url.EncodeToString(parameters.D!));
        db.VapidKeys.Add(new VapidKeyRecord { Id = 1, PublicKey = made.Item1, SealedPrivateKey = sealer.Seal(made.Item2, VapidKeyRecord.SealContext), CreatedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            _keys = made;
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node of the deployment made the pair at the same moment: take theirs.
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            var theirs = await again.VapidKeys.AsNoTracking().SingleAsync(k => k.Id == 1, cancellationToken);
            _keys = (theirs.PublicKey, sealer.Open(theirs.SealedPrivateKey, VapidKeyRecord.SealContext));
            return false;
        }
    }
}
