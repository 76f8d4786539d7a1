using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Units;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Cases;

/// <summary>
/// What an official who just joined a unit is told of its cases: the open cases nobody has taken (for a
/// supervisor, also those of the units below), each by code, risk and the clock that runs out next, with a
/// button to open it. No commune, no category, nothing about the child: opening is checked and recorded.
/// </summary>
internal static class CaseBacklog
{
    public const int MaxCases = 10;

    public static async Task<OutboundMessage?> ForJoinAsync(
        ChildCareDbContext db, CaseAudit audit, ChatPerson person, long officialId, Unit unit, OfficialRole role, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (role is not (OfficialRole.ChildProtection or OfficialRole.Supervisor))
        {
            return null;
        }

        var below = unit.Code + "/";
        var subtree = role == OfficialRole.Supervisor;
        var units = await db.Units.AsNoTracking().Where(u => u.Id == unit.Id || (subtree && u.Code.StartsWith(below))).Select(u => u.Id).ToListAsync(cancellationToken);
        var open = await db.Cases.AsNoTracking().Where(c => c.Stage != CaseStage.Closed && c.AssigneeId == null && c.UnitId != null && units.Contains(c.UnitId.Value))
            .ToListAsync(cancellationToken);
        if (open.Count == 0)
        {
            return null;
        }

        var language = person.Language;
        var sorted = open.OrderBy(c => c.Risk == RiskLevel.High ? 0 : 1).ThenBy(c => CaseClocks.Next(c)?.Due ?? DateTimeOffset.MaxValue).ThenBy(c => c.Id).ToList();
        var shown = sorted.Take(MaxCases).ToList();
        var lines = new List<string> { CaseTexts.Format("JoinBacklog", language, open.Count) };
        foreach (var filed in shown)
        {
            var clock = CaseClocks.Next(filed) is { } next
                ? CaseTexts.Format("JoinBacklogClock", language, CaseTexts.Get("Clock" + next.Clock, language), CaseNotifier.Left(next.Due - now, language))
                : "";
            lines.Add(CaseTexts.Format("JoinBacklogLine", language, filed.Code, CaseNotifier.Risk(filed.Risk, language).ToLowerInvariant(), clock));
        }

        if (open.Count > shown.Count)
        {
            lines.Add(CaseTexts.Format("JoinBacklogMore", language, open.Count - shown.Count));
        }

        lines.Add(CaseTexts.Get("JoinBacklogHint", language));

        // The record of each case says one more official was told, and by which channel; not who.
        var detail = new AlertRoute([new Official { Id = officialId, Channel = person.Channel, ChatId = person.ChatId }], AlertTier.Unit).Detail("Joined");
        db.CaseEvents.AddRange(shown.Select(c => new CaseEvent { CaseId = c.Id, At = now, Actor = "system", Action = CaseAction.Alerted, Detail = detail }));
        await audit.SaveAsync(db, cancellationToken);

        var buttons = shown.Select(c => (IReadOnlyList<KeyboardButton>)[KeyboardButton.Callback(CaseTexts.Format("ButtonOpenCode", language, c.Code), CaseNotifier.Data("open", c.Id))]).ToArray();
        // At the welcome's priority: read after it, in that order.
        return new OutboundMessage(person.ChatId, string.Join("\n", lines), MessagePriority.Reply, MessagePurposes.CaseAlert, Keyboard.Inline(buttons), Channel: person.Channel);
    }
}
