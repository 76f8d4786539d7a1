using System.Globalization;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Plans;
using ChildCare.Core.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Deadlines;

/// <summary>
/// What administrators do with deadlines: import plans, edit rules and event themes, and broadcast
/// announcements (invites, memberships and administrators are <see cref="Officials.OfficialAdmin"/>'s). Every change to a rule re-plans its future occurrences and pending reminders.
/// </summary>
public sealed partial class DeadlineAdmin(
    IDbContextFactory<ChildCareDbContext> contexts,
    DeadlinePlanner planner,
    RulePlanningBacklog replans,
    IOutbox outbox,
    TimeProvider time,
    ILogger<DeadlineAdmin> logger)
{
    /// <summary>Adds or updates the plan's units and rules (matched by code); nothing is saved when a problem is found.</summary>
    public Task<ImportResult> ImportAsync(PlanFile file, CancellationToken cancellationToken) => ImportAsync(file, planLater: false, cancellationToken);

    /// <summary>
    /// Adds or updates the plan's units and rules (matched by code) in one transaction; nothing is saved when a
    /// problem is found. The rules' occurrences are planned before this returns, or with <paramref name="planLater"/>
    /// after it, in batches (<see cref="RulePlanningBacklog"/>), so that a large plan does not hold the request.
    /// </summary>
    public Task<ImportResult> ImportAsync(PlanFile file, bool planLater, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return ImportAllAsync([file], planLater, cancellationToken);
    }

    /// <summary>
    /// Several plans as one import (the demo data's three): their units and rules in one transaction, so a process
    /// stopped halfway leaves none of them rather than the first plans alone; nothing is saved when any of them has a
    /// problem. A rule may name a unit of another of the plans. Planned as <see cref="ImportAsync(PlanFile, bool, CancellationToken)"/>.
    /// </summary>
    public async Task<ImportResult> ImportAllAsync(IReadOnlyList<PlanFile> files, bool planLater, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var problems = new List<string>();
        var units = files.SelectMany(f => f.Units ?? []).ToList();
        var inputs = new List<(RuleInput Rule, IReadOnlyList<PlanFile.ThemeEntry> Themes)>();

        foreach (var unit in units)
        {
            if (string.IsNullOrWhiteSpace(unit.Code) || unit.Code.Length > Unit.MaxCodeLength || string.IsNullOrWhiteSpace(unit.NameVi))
            {
                problems.Add($"unit '{unit.Code}': code (at most {Unit.MaxCodeLength} characters) and nameVi are required.");
            }

            if (!Enum.TryParse<UnitKind>(unit.Kind, ignoreCase: true, out _))
            {
                problems.Add($"unit '{unit.Code}': kind '{unit.Kind}' is not one of {string.Join(", ", Enum.GetNames<UnitKind>())}.");
            }

            if (unit.EmergencyHours is < 1 or > 72)
            {
                problems.Add($"unit '{unit.Code}': emergencyHours {unit.EmergencyHours} is outside 1-72.");
            }
        }

        foreach (var (file, rule) in files.SelectMany(f => (f.Rules ?? []).Select(r => (f, r))))
        {
            if (!Enum.TryParse<OfficialRole>(rule.Role, ignoreCase: true, out var role))
            {
                problems.Add($"rule '{rule.Code}': role '{rule.Role}' is not one of {string.Join(", ", Enum.GetNames<OfficialRole>())}.");
                continue;
            }

            if (!Enum.TryParse<RuleKind>(rule.Kind, ignoreCase: true, out var kind))
            {
                problems.Add($"rule '{rule.Code}': kind '{rule.Kind}' is not one of {string.Join(", ", Enum.GetNames<RuleKind>())}.");
                continue;
            }

            if (rule.Units is not { Count: > 0 })
            {
                problems.Add($"rule '{rule.Code}': units lists no unit.");
                continue;
            }

            foreach (var unitCode in rule.Units)
            {
                var code = rule.Units.Count == 1 ? rule.Code : $"{rule.Code}@{unitCode}";
                var input = new RuleInput(code, unitCode, role, kind, rule.TitleVi, rule.TitleEn, rule.Recurrence, rule.LeadDays, rule.From, rule.Until,
                    file.Plan?.Code, file.Plan?.TitleVi, rule.Source);
                problems.AddRange(input.Problems());
                inputs.Add((input, rule.Themes ?? []));
            }
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = await db.Units.Select(u => u.Code).ToListAsync(cancellationToken);
        var available = known.Concat(units.Select(u => u.Code)).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(units.Where(u => u.Parent is { } parent && !available.Contains(parent)).Select(u => $"unit '{u.Code}': parent '{u.Parent}' is neither in the file nor known."));
        problems.AddRange(inputs.Where(i => !available.Contains(i.Rule.Unit)).Select(i => $"rule '{i.Rule.Code}': unit '{i.Rule.Unit}' is neither in the file nor known."));
        if (problems.Count > 0)
        {
            return ImportResult.Failed(problems);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (unitsAdded, unitsUpdated) = await UpsertUnitsAsync(db, units, cancellationToken);
        var unitIds = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id, cancellationToken);
        var (rulesAdded, rulesUpdated) = (0, 0);
        // The rules already there, in one read (in slices, to stay within a statement's parameters), then one save.
        var codes = inputs.Select(i => i.Rule.Code).Distinct(StringComparer.Ordinal).ToList();
        var existing = new Dictionary<string, DeadlineRule>(StringComparer.Ordinal);
        foreach (var slice in codes.Chunk(500))
        {
            foreach (var found in await db.DeadlineRules.Include(r => r.Themes).Where(r => slice.Contains(r.Code)).ToListAsync(cancellationToken))
            {
                existing[found.Code] = found;
            }
        }

        var saved = new List<DeadlineRule>();
        foreach (var (input, themes) in inputs)
        {
            var added = !existing.ContainsKey(input.Code);
            var rule = Apply(db, existing.GetValueOrDefault(input.Code), input, unitIds[input.Unit]);
            existing[input.Code] = rule;
            foreach (var theme in themes)
            {
                SetTheme(rule, theme.Year, theme.Vi, theme.En);
            }

            saved.Add(rule);
            (rulesAdded, rulesUpdated) = added ? (rulesAdded + 1, rulesUpdated) : (rulesAdded, rulesUpdated + 1);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var changed = saved.Select(r => r.Id).Distinct().ToList();
        if (planLater)
        {
            replans.Enqueue(changed);
        }
        else
        {
            foreach (var id in changed)
            {
                await planner.ReplanRuleAsync(id, cancellationToken);
            }
        }

        LogImported(string.Join(", ", files.Select(f => f.Plan?.Code ?? "(no plan code)")), unitsAdded, unitsUpdated, rulesAdded, rulesUpdated);
        return new ImportResult(unitsAdded, unitsUpdated, rulesAdded, rulesUpdated, []);
    }

    /// <summary>Creates or updates the rule with the input's code.</summary>
    /// <returns>The rule's id, or the problems (nothing saved).</returns>
    public async Task<(long? Id, IReadOnlyList<string> Problems)> SaveRuleAsync(RuleInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = input.Problems();
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        long id;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var unitId = await db.Units.Where(u => u.Code == input.Unit).Select(u => (long?)u.Id).SingleOrDefaultAsync(cancellationToken);
            if (unitId is null)
            {
                return (null, [$"rule '{input.Code}': unit '{input.Unit}' is not known."]);
            }

            var (rule, _) = await ApplyAsync(db, input, unitId.Value, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            id = rule.Id;
        }

        await planner.ReplanRuleAsync(id, cancellationToken);
        return (id, []);
    }

    /// <summary>Deletes a rule: its future occurrences and pending reminders are cancelled; history stays.</summary>
    public async Task<bool> DeleteRuleAsync(long id, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            var deleted = await db.DeadlineRules.Where(r => r.Id == id && r.DeletedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.DeletedAt, now).SetProperty(r => r.UpdatedAt, now), cancellationToken);
            if (deleted == 0)
            {
                return false;
            }
        }

        await planner.ReplanRuleAsync(id, cancellationToken);
        return true;
    }

    /// <summary>Sets the theme of a yearly event for one year (Action Month's national theme, once announced).</summary>
    public async Task<bool> SetThemeAsync(long ruleId, int year, string themeVi, string? themeEn, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rule = await db.DeadlineRules.Include(r => r.Themes).SingleOrDefaultAsync(r => r.Id == ruleId && r.DeletedAt == null, cancellationToken);
        if (rule is null)
        {
            return false;
        }

        SetTheme(rule, year, themeVi, themeEn);
        rule.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Sends an announcement to every official subscribed to the unit or a unit below it, once each.</summary>
    /// <returns>How many officials it was queued for, or null when the unit is unknown.</returns>
    public async Task<int?> BroadcastAsync(string unitCode, string textVi, string? textEn, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == unitCode, cancellationToken);
        if (unit is null)
        {
            return null;
        }

        var prefix = unit.Code + "/";
        var officials = await db.Subscriptions.AsNoTracking()
            .Where(s => s.Unit!.Code == unit.Code || s.Unit.Code.StartsWith(prefix))
            .Select(s => s.Official!)
            .Distinct()
            .ToListAsync(cancellationToken);
        var id = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        var messages = officials.Select(o => new OutboundMessage(
            o.ChatId,
            CoreTexts.Format("Announcement", o.Language, MessageHtml.Escape(unit.Name(o.Language)), MessageHtml.Escape(o.Language == Language.En && textEn is { } en ? en : textVi)),
            MessagePriority.Bulk,
            "announcement",
            DedupKey: FormattableString.Invariant($"announce:{id}:{o.Id}"),
            Channel: o.Channel)).ToList();
        await outbox.EnqueueAsync(messages, cancellationToken);
        LogBroadcast(unit.Id, messages.Count);
        return messages.Count;
    }

    private async Task<(DeadlineRule Rule, bool Added)> ApplyAsync(ChildCareDbContext db, RuleInput input, long unitId, CancellationToken cancellationToken)
    {
        var rule = await db.DeadlineRules.Include(r => r.Themes).SingleOrDefaultAsync(r => r.Code == input.Code, cancellationToken);
        return (Apply(db, rule, input, unitId), rule is null);
    }

    /// <summary>The input written into the rule with its code (a new one when there is none).</summary>
    private DeadlineRule Apply(ChildCareDbContext db, DeadlineRule? rule, RuleInput input, long unitId)
    {
        rule ??= db.DeadlineRules.Add(new DeadlineRule { Code = input.Code, TitleVi = "", TitleEn = "", Recurrence = "" }).Entity;
        rule.UnitId = unitId;
        rule.Role = input.Role;
        rule.Kind = input.Kind;
        rule.TitleVi = input.TitleVi.Trim();
        rule.TitleEn = string.IsNullOrWhiteSpace(input.TitleEn) ? input.TitleVi.Trim() : input.TitleEn.Trim();
        rule.Recurrence = Recurrence.Parse(input.Recurrence).ToString();
        rule.LeadDays = DeadlineRule.FormatLeadDays(input.LeadDays);
        rule.ValidFrom = input.From;
        rule.ValidUntil = input.Until;
        rule.PlanCode = input.PlanCode;
        rule.PlanTitle = input.PlanTitle;
        rule.Source = input.Source;
        rule.DeletedAt = null;
        rule.UpdatedAt = time.GetUtcNow();
        return rule;
    }

    private static void SetTheme(DeadlineRule rule, int year, string vi, string? en)
    {
        var theme = rule.ThemeOf(year);
        if (theme is null)
        {
            rule.Themes.Add(new EventTheme { Year = year, ThemeVi = vi.Trim(), ThemeEn = en?.Trim() });
        }
        else
        {
            theme.ThemeVi = vi.Trim();
            theme.ThemeEn = en?.Trim();
        }
    }

    private static async Task<(int Added, int Updated)> UpsertUnitsAsync(ChildCareDbContext db, IReadOnlyList<PlanFile.UnitEntry> units, CancellationToken cancellationToken)
    {
        var (added, updated) = (0, 0);
        // Parents first: a path with fewer slashes is higher in the tree.
        foreach (var entry in units.OrderBy(u => u.Code.Count(c => c == '/')))
        {
            var parentId = entry.Parent is { } parent
                ? await db.Units.Where(u => u.Code == parent).Select(u => (long?)u.Id).SingleAsync(cancellationToken)
                : null;
            var unit = await db.Units.SingleOrDefaultAsync(u => u.Code == entry.Code, cancellationToken);
            if (unit is null)
            {
                unit = db.Units.Add(new Unit { Code = entry.Code, NameVi = entry.NameVi, NameEn = entry.NameEn ?? entry.NameVi }).Entity;
                added++;
            }
            else
            {
                updated++;
            }

            unit.NameVi = entry.NameVi.Trim();
            unit.NameEn = (entry.NameEn ?? entry.NameVi).Trim();
            unit.Kind = Enum.Parse<UnitKind>(entry.Kind, ignoreCase: true);
            unit.EmergencyHours = entry.EmergencyHours;
            unit.ParentId = parentId;
            await db.SaveChangesAsync(cancellationToken);
        }

        return (added, updated);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadlines: imported plan {Plan}: units {UnitsAdded} added, {UnitsUpdated} updated; rules {RulesAdded} added, {RulesUpdated} updated")]
    private partial void LogImported(string plan, int unitsAdded, int unitsUpdated, int rulesAdded, int rulesUpdated);

    [LoggerMessage(Level = LogLevel.Information, Message = "Officials: announcement for unit {UnitId} queued for {Count} official(s)")]
    private partial void LogBroadcast(long unitId, int count);
}
