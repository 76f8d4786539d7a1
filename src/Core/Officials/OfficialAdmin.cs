using ChildCare.Core.Deadlines;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Officials;

/// <summary>What administrators do with officials: issue invites, end memberships, name administrators.</summary>
public sealed partial class OfficialAdmin(
    IDbContextFactory<ChildCareDbContext> contexts,
    TimeProvider time,
    DeadlineSettings settings,
    ILogger<OfficialAdmin> logger)
{
    /// <summary>The most days an invite may be made to work for (the web form and the API alike).</summary>
    public const int MaxInviteDays = 60;

    /// <summary>The most officials one invite may let join (the web form and the API alike).</summary>
    public const int MaxInviteUses = 1000;

    /// <summary>A new invite for a unit and role; the code is returned once and only its hash is kept.</summary>
    public async Task<IssuedInvite?> IssueInviteAsync(string unitCode, OfficialRole role, int? validDays, int maxUses, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unit = await db.Units.SingleOrDefaultAsync(u => u.Code == unitCode, cancellationToken);
        if (unit is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var code = Invite.NewCode();
        var invite = new Invite
        {
            CodeHash = Invite.Hash(code),
            UnitId = unit.Id,
            Role = role,
            CreatedAt = now,
            ExpiresAt = now.AddDays(validDays ?? settings.InviteValidDays),
            MaxUses = Math.Max(1, maxUses),
        };
        db.Invites.Add(invite);
        await db.SaveChangesAsync(cancellationToken);
        LogInvite(unit.Id, role);
        return new IssuedInvite(code, unit.Code, role, invite.ExpiresAt, invite.MaxUses);
    }

    /// <summary>
    /// Takes an official out of a unit's role: the membership ends and the reminders still owed to them for that
    /// unit are cancelled. False when there is no such membership.
    /// </summary>
    public async Task<bool> EndMembershipAsync(long subscriptionId, long byOfficialId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var membership = await db.Subscriptions.SingleOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (membership is null)
        {
            return false;
        }

        var stillThere = await db.Subscriptions.AnyAsync(s => s.OfficialId == membership.OfficialId && s.UnitId == membership.UnitId && s.Id != membership.Id, cancellationToken);
        if (!stillThere)
        {
            await Reminder.CancelAsync(db.Reminders.Where(r => r.OfficialId == membership.OfficialId && r.Occurrence!.UnitId == membership.UnitId), cancellationToken);
        }

        db.Subscriptions.Remove(membership);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogMembershipEnded(membership.UnitId, membership.Role, byOfficialId);
        return true;
    }

    /// <summary>
    /// Makes an official an administrator or no longer one. Refused (false) for an unknown official and for an
    /// administrator taking the right from themselves, so that the service always keeps one.
    /// </summary>
    public async Task<bool> SetAdministratorAsync(long officialId, bool administrator, long byOfficialId, CancellationToken cancellationToken)
    {
        if (!administrator && officialId == byOfficialId)
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changed = await db.Officials.Where(o => o.Id == officialId)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.IsAdministrator, administrator), cancellationToken);
        if (changed == 1)
        {
            LogAdministrator(officialId, administrator, byOfficialId);
        }

        return changed == 1;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Officials: official {ByOfficialId} ended a membership of unit {UnitId} as {Role}")]
    private partial void LogMembershipEnded(long unitId, OfficialRole role, long byOfficialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Officials: official {ByOfficialId} set administrator of official {OfficialId} to {Administrator}")]
    private partial void LogAdministrator(long officialId, bool administrator, long byOfficialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Officials: invite issued for unit {UnitId} as {Role}")]
    private partial void LogInvite(long unitId, OfficialRole role);
}
