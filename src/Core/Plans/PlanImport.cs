using System.Security.Cryptography;
using System.Text;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Directory;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Units;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Plans;

/// <summary>
/// Turns accepted items into rules of a unit through the one import path (<see cref="DeadlineAdmin.ImportAsync(PlanFile, bool, CancellationToken)"/>):
/// checked all together, saved in one transaction or not at all, then planned so reminders start. A rule's code
/// comes from the unit and the item, so accepting the same item again updates its rule rather than adding one.
/// </summary>
public sealed class PlanImport(IDbContextFactory<ChildCareDbContext> contexts, DeadlineAdmin admin, PlanSettings settings)
{
    /// <summary>How many items one accept may turn into rules (<see cref="PlanSettings.MaxAcceptItems"/>).</summary>
    public int MaxItems => settings.MaxAcceptItems;

    private const int MaxSource = 1000;
    private const int MaxTitle = 500;

    /// <summary>The units an official may import a plan into: those they follow in a role other than viewer.</summary>
    public async Task<IReadOnlyList<Unit>> UnitsForOfficialAsync(long officialId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Subscriptions.AsNoTracking()
            .Where(s => s.OfficialId == officialId && s.Role != OfficialRole.Viewer)
            .Select(s => s.Unit!)
            .Distinct()
            .OrderBy(u => u.Code)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The official behind a chat, if there is one.</summary>
    public async Task<long?> OfficialForChatAsync(string channel, long chatId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Officials.Where(o => o.Channel == channel && o.ChatId == chatId && o.Subscriptions.Count > 0)
            .Select(o => (long?)o.Id).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Creates or updates one rule per item in the unit, in one transaction; nothing is saved when a problem is found
    /// or there are more than <see cref="MaxItems"/> items. The rules' occurrences are planned right after, in the
    /// background (<see cref="RulePlanningBacklog"/>).
    /// </summary>
    public Task<ImportResult> AcceptAsync(string unitCode, int? year, string? title, IReadOnlyList<ExtractedItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unitCode);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count > MaxItems)
        {
            return Task.FromResult(ImportResult.Failed([$"at most {MaxItems} items can be accepted at once; {items.Count} were sent."]));
        }

        var planTitle = Cut(string.IsNullOrWhiteSpace(title) ? PlanTexts.Get("ChatPlan", Localization.Language.Vi) + (year is { } y ? " " + y : "") : title, MaxTitle);
        var plan = new PlanFile.PlanInfo("plan-" + Hash(TextMatching.Fold(planTitle))[..12], planTitle, null, null, year);
        var rules = items.Select(item => new PlanFile.RuleEntry(
            RuleCode(unitCode, item),
            [unitCode],
            item.Role.ToString(),
            item.RuleKind.ToString(),
            Cut(item.Title, MaxTitle),
            item.TitleEn is { } en ? Cut(en, MaxTitle) : null,
            item.Recurrence,
            null,
            item.From ?? (year is { } from ? new DateOnly(from, 1, 1) : null),
            item.Until,
            item.Theme is { } theme && (item.ThemeYear ?? year) is { } themeYear ? [new PlanFile.ThemeEntry(themeYear, Cut(theme, MaxTitle), null)] : [],
            Cut(item.SourceText, MaxSource))).ToList();
        return admin.ImportAsync(new PlanFile(plan, [], rules), planLater: true, cancellationToken);
    }

    /// <summary>The rule's code: the same unit and item give the same code.</summary>
    public static string RuleCode(string unitCode, ExtractedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return "plan-" + Hash($"{unitCode}|{item.Kind}|{item.Recurrence}|{item.Role}|{TextMatching.Fold(item.Title)}")[..20];
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
