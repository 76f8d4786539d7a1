using System.Globalization;
using ChildCare.Bot.Resources;
using ChildCare.Core.Cases;
using ChildCare.Core.Localization;
using ChildCare.Core.Units;

namespace ChildCare.Bot.Pages.Shared;

/// <summary>Words the pages share: who did something, whom an alert reached, a unit's place in the tree.</summary>
public static class PageText
{
    public static int Depth(string unitCode) => unitCode.Count(c => c == '/');

    /// <summary>Indentation by depth in the unit tree, as a class: the pages' policy allows no inline style.</summary>
    public static string DepthClass(string unitCode) => "depth-" + Math.Min(Depth(unitCode), 5).ToString(CultureInfo.InvariantCulture);

    public static string UnitName(Unit? unit, Language language) => unit?.Name(language) ?? "—";

    public static long? OfficialId(string? actor) =>
        actor is not null && actor.StartsWith("official:", StringComparison.Ordinal)
        && long.TryParse(actor.AsSpan("official:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>An actor of the record ("official:12", "system", "api:hotline") in words, "(bạn)" for the reader.</summary>
    public static string Actor(string actor, IReadOnlyDictionary<long, string> names, DashboardUser user, Language language)
    {
        if (OfficialId(actor) is { } id)
        {
            return Official(id, names, user, language);
        }

        return actor switch
        {
            "system" => DashboardTexts.Get("ActorSystem", language),
            "reporter" => DashboardTexts.Get("ActorReporter", language),
            _ when actor.StartsWith("api:", StringComparison.Ordinal) => DashboardTexts.Format("ActorApi", language, actor["api:".Length..]),
            _ => actor,
        };
    }

    /// <summary>An official by name ("Cán bộ #12" when they gave none), "(bạn)" for the reader.</summary>
    public static string Official(long id, IReadOnlyDictionary<long, string> names, DashboardUser user, Language language)
    {
        var name = id == user.OfficialId ? user.Name : names.TryGetValue(id, out var known) ? known : DashboardTexts.Format("ActorOfficial", language, id);
        return id == user.OfficialId ? DashboardTexts.Format("ActorYou", language, name) : name;
    }

    public static string Assignee(string? actor, IReadOnlyDictionary<long, string> names, DashboardUser user, Language language) =>
        actor is null ? DashboardTexts.Get("Unassigned", language) : Actor(actor, names, user, language);

    /// <summary>
    /// A record line's detail in words: "Received→InitialAssessment" as the two stages' names, a unit's code
    /// ("thanh-hoa/cam-thuy") as its name ("Xã Cẩm Thủy").
    /// </summary>
    public static string? Detail(CaseHistoryLine line, Language language, IReadOnlyDictionary<string, string>? unitNames = null)
    {
        // A read's "details"/"summary" says nothing to the people on the page; which photo was opened does.
        if (line.Action is CaseAction.Read && line.Detail is { } read && read.StartsWith("photo ", StringComparison.Ordinal))
        {
            return DashboardTexts.Format("ReadPhoto", language, read["photo ".Length..]);
        }

        // Someone asked the status with a wrong follow code: the case worker may want to know.
        if (line.Action is CaseAction.Read && line.Detail == CaseFollow.RefusedDetail)
        {
            return DashboardTexts.Get("ReadStatusRefused", language);
        }

        if (line.Detail is not { Length: > 0 } detail || line.Action is CaseAction.Read)
        {
            return null;
        }

        if (line.Action is CaseAction.Alerted or CaseAction.Escalated)
        {
            return Told(detail, language);
        }

        var parts = detail.Split('→');
        string Named(string part) => unitNames is not null && unitNames.TryGetValue(part.Trim(), out var name) ? name : part;
        if (parts.Length != 2)
        {
            return Named(detail);
        }

        return line.Action switch
        {
            CaseAction.Moved => $"{StageName(parts[0], language)} → {StageName(parts[1], language)}",
            CaseAction.RiskSet => $"{CaseNotifier.Risk(FormValues.ReadEnum<RiskLevel>(parts[0]), language)} → {CaseNotifier.Risk(FormValues.ReadEnum<RiskLevel>(parts[1]), language)}",
            _ => string.Join(" → ", parts.Where(p => p.Length > 0).Select(Named)),
        };
    }

    /// <summary>
    /// Whom an alert reached, from its record line "NewCase|Unit|2|telegram": "Vụ việc mới — Đã báo 2 cán bộ qua
    /// Telegram", or "Chưa báo được ai: đã chuyển quản trị viên". Older lines ("NewCase → 1") say nothing.
    /// </summary>
    public static string? Told(string detail, Language language)
    {
        var parts = detail.Split('|');
        if (parts.Length != 4 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return null;
        }

        var kind = DashboardTexts.Get("AlertKind" + (parts[0] is "NewCase" or "NewCaseUndelivered" or "EmergencyWarning" or "EmergencyExpired" or "PlanWarning" or "PlanExpired" or "UntakenToSupervisor" or "UntakenToProvince" or "Unrouted" or "Joined" or "Referred" ? parts[0] : "Other"), language);
        var channels = string.Join(", ", parts[3].Split('+').Select(c => c == "telegram" ? DashboardTexts.Get("ChannelTelegram", language) : c));
        var who = (count, parts[1]) switch
        {
            (0, _) => DashboardTexts.Get("ToldNobody", language),
            (_, "Administrators") => DashboardTexts.Format("ToldAdministrators", language, count, channels),
            (_, "Supervisors") => DashboardTexts.Format("ToldSupervisors", language, count, channels),
            (_, "Province") => DashboardTexts.Format("ToldProvince", language, count, channels),
            _ => DashboardTexts.Format("ToldUnit", language, count, channels),
        };
        return kind + " — " + who;
    }

    /// <summary>A case rule's words, or "bad input" for a key that is not one.</summary>
    public static string? CaseRule(string key, Language language)
    {
        try
        {
            return CaseTexts.Get(key, language);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string StageName(string value, Language language) =>
        FormValues.ReadEnum<CaseStage>(value) is { } stage ? CaseNotifier.Stage(stage, language) : value;
}
