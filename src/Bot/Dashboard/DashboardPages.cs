using System.Globalization;
using ChildCare.Bot.Resources;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using static ChildCare.Bot.Dashboard.PageParts;

namespace ChildCare.Bot.Dashboard;

/// <summary>The bodies of the queue and case pages. Every value goes through <see cref="HtmlBuilder"/>'s encoding.</summary>
internal static class DashboardPages
{
    private static readonly HashSet<string> DoneKeys = ["Taken", "Moved", "DoneRisk", "DoneClose", "DoneNote", "DoneReopen", "DoneRefer", "DoneAccept", "DoneRefuseReferral"];

    public static HtmlBuilder Queue(DashboardUser user, CaseFilter filter, IReadOnlyList<CaseSummary> items, Dictionary<long, string> names, DateTimeOffset now, IReadOnlySet<string>? unattended = null)
    {
        unattended ??= new HashSet<string>();
        var language = user.Language;
        string T(string name) => DashboardTexts.Get(name, language);
        var html = new HtmlBuilder()
            .Raw("<div class=\"heading\"><h1>").Text(T("QueueTitle")).Raw("</h1><p class=\"muted\">")
            .Text(DashboardTexts.Format("QueueCount", language, items.Count)).Raw("</p></div>");
        var notTold = items.Count(i => unattended.Contains(i.Code));
        if (notTold > 0)
        {
            // Cases of this official's units that no chat reached: they are the one who can act, here.
            html.Raw("<p class=\"flash error\" role=\"alert\">").Text(DashboardTexts.Format("QueueUnattended", language, notTold)).Raw("</p>");
        }

        html.Raw("<form method=\"get\" action=\"cases\" class=\"filters card\">")
            .Raw("<label>").Text(T("FilterStage")).Raw("<select name=\"stage\"><option value=\"\">").Text(T("FilterAll")).Raw("</option>");
        foreach (var stage in Enum.GetValues<CaseStage>())
        {
            Option(html, stage.ToString(), CaseNotifier.Stage(stage, language), filter.Stage == stage);
        }

        html.Raw("</select></label><label>").Text(T("FilterRisk")).Raw("<select name=\"risk\"><option value=\"\">").Text(T("FilterAll")).Raw("</option>");
        foreach (var risk in new[] { RiskLevel.High, RiskLevel.Medium, RiskLevel.Low })
        {
            Option(html, risk.ToString(), CaseNotifier.Risk(risk, language), filter.Risk == risk);
        }

        html.Raw("</select></label><label class=\"check\"><input type=\"checkbox\" name=\"overdue\" value=\"true\"")
            .Raw(filter.Overdue == true ? " checked" : "").Raw(">").Text(T("FilterOverdue")).Raw("</label>")
            .Raw("<div class=\"buttons\"><button type=\"submit\">").Text(T("FilterApply")).Raw("</button><a class=\"button secondary\" href=\"cases\">")
            .Text(T("FilterClear")).Raw("</a></div></form>");

        if (items.Count == 0)
        {
            return html.Raw("<p class=\"card empty\">").Text(T("QueueEmpty")).Raw("</p>");
        }

        TableHead(html, "queue", language, "ColCode", "ColRisk", "ColStage", "ColUnit", "ColCategory", "ColTimeLeft", "ColAssignee");
        foreach (var item in items)
        {
            html.Raw(item.Overdue ? "<tr class=\"overdue\">" : "<tr>")
                .Raw("<td class=\"code\"><a href=\"cases/").Attr(Uri.EscapeDataString(item.Code)).Raw("\">").Text(item.Code).Raw("</a></td>");
            Cell(html, T("ColRisk")).Raw(RiskBadge(item.Risk, item.DangerNow, language));
            if (unattended.Contains(item.Code))
            {
                html.Raw(" <span class=\"badge unattended\">").Text(T("BadgeUnattended")).Raw("</span>");
            }

            html.Raw("</td>");
            Cell(html, T("ColStage")).Text(CaseNotifier.Stage(item.Stage, language)).Raw("</td>");
            Cell(html, T("ColUnit")).Text(item.UnitName ?? CaseTexts.Get("Unrouted", language)).Raw("</td>");
            Cell(html, T("ColCategory")).Text(ConversationTexts.Get("Category" + item.Category, language)).Raw("</td>");
            Cell(html, T("ColTimeLeft")).Raw("<span>").Raw(TimeLeft(item.NextClock, item.DueAt, now, language)).Raw("</span></td>");
            Cell(html, T("ColAssignee")).Text(Assignee(item.Assignee, names, user, language)).Raw("</td></tr>");
        }

        return html.Raw("</tbody></table>");
    }

    public static HtmlBuilder Case(HttpContext http, DashboardUser user, CaseView view, ChildCase? filed, bool canAct, bool canAnswerReferral, Dictionary<long, string> names, string? flash, DateTimeOffset now)
    {
        var language = user.Language;
        string T(string name) => DashboardTexts.Get(name, language);
        var summary = view.Summary;
        var code = Uri.EscapeDataString(summary.Code);
        var html = new HtmlBuilder()
            .Raw("<p class=\"back\"><a href=\"../cases\">").Text(T("BackToQueue")).Raw("</a></p>");
        Flash(html, flash, summary.Code, language);

        html.Raw("<div class=\"heading case-heading\"><h1>").Text(DashboardTexts.Format("CaseTitle", language, summary.Code)).Raw("</h1>")
            .Raw(RiskBadge(summary.Risk, summary.DangerNow, language))
            .Raw("<span class=\"stage\">").Text(CaseNotifier.Stage(summary.Stage, language)).Raw("</span></div>");

        html.Raw("<div class=\"columns\"><div class=\"main-column\">");
        html.Raw("<section class=\"card\"><dl class=\"facts\">");
        Fact(html, T("FieldReceived"), CaseNotifier.Local(summary.ReceivedAt));
        Fact(html, T("ColUnit"), summary.UnitName ?? CaseTexts.Get("Unrouted", language));
        Fact(html, T("ColCategory"), ConversationTexts.Get("Category" + summary.Category, language));
        Fact(html, T("ColAssignee"), Assignee(summary.Assignee, names, user, language));
        if (summary.ReferredToUnitCode is { } referred)
        {
            Fact(html, T("ColStage"), DashboardTexts.Format("ReferredTo", language, referred));
        }

        html.Raw("</dl></section>");

        html.Raw("<section class=\"card\"><h2>").Text(T("SectionClocks")).Raw("</h2><ul class=\"clocks\">");
        var clocks = Clocks(filed, summary).ToList();
        if (clocks.Count == 0)
        {
            html.Raw("<li class=\"muted\">").Text(T("ClocksMet")).Raw("</li>");
        }

        foreach (var (clock, due) in clocks)
        {
            html.Raw("<li><span class=\"clock-name\">").Text(T("Clock" + clock)).Raw("</span> ")
                .Raw(TimeLeft(clock, due, now, language, named: false)).Raw(" <span class=\"muted\">").Text(DashboardTexts.Format("ClockDue", language, DeadlineEnds.Clock(clock, due, language))).Raw("</span></li>");
        }

        html.Raw("</ul></section>");

        if (user.Viewer?.SeesDetails == true)
        {
            Details(html, view, language);
        }

        History(html, view.History, names, user, language);
        html.Raw("</div><aside class=\"side-column\">");
        Actions(html, http, view, filed, canAct, canAnswerReferral, code, user, language);
        return html.Raw("</aside></div>");
    }

    private static void Details(HtmlBuilder html, CaseView view, Language language)
    {
        string T(string name) => DashboardTexts.Get(name, language);
        var d = view.Details;
        html.Raw("<section class=\"card sealed\"><h2>").Text(T("SectionDetails")).Raw("</h2><p class=\"muted\">").Text(T("DetailsNotice")).Raw("</p><dl class=\"facts\">");
        var age = d.ChildAge is { } years ? DashboardTexts.Format("AgeYears", language, years) : DashboardTexts.Format("AgeBand", language, CaseTexts.Get("Age" + view.AgeBand, language));
        Fact(html, T("FieldChild"), string.Join(" · ", new[] { d.ChildName, age, CaseTexts.Get("Sex" + view.ChildSex, language) }.Where(s => !string.IsNullOrWhiteSpace(s))));
        var location = d.Location is { } point ? string.Create(CultureInfo.InvariantCulture, $"{point.Latitude:0.#####}, {point.Longitude:0.#####}") : null;
        Fact(html, T("FieldWhere"), string.Join(", ", new[] { d.Village, d.Address, d.Commune, location }.Where(s => !string.IsNullOrWhiteSpace(s))));
        html.Raw("<dt>").Text(T("FieldWhat")).Raw("</dt><dd class=\"prose\">").Text(d.Description).Raw("</dd>");
        if (d.PhotoFileIds.Count > 0)
        {
            Fact(html, T("FieldPhotos"), d.PhotoFileIds.Count.ToString(CultureInfo.InvariantCulture));
        }

        Fact(html, T("FieldSuspect"), string.Join(" — ", new[] { CaseTexts.Get("Suspect" + view.Suspect, language), d.SuspectDetails }.Where(s => !string.IsNullOrWhiteSpace(s))));
        Fact(html, T("FieldReporter"), view.Anonymous ? T("Anonymous") : string.Join(", ", new[] { d.ReporterName, d.ReporterPhone }.Where(s => !string.IsNullOrWhiteSpace(s))));
        Fact(html, T("FieldContact"), CaseTexts.Get(view.ContactConsent ? "ConsentYes" : "ConsentNo", language));
        html.Raw("</dl></section>");
    }

    private static void History(HtmlBuilder html, IReadOnlyList<CaseHistoryLine> history, Dictionary<long, string> names, DashboardUser user, Language language)
    {
        html.Raw("<section class=\"card\"><h2>").Text(DashboardTexts.Get("SectionHistory", language)).Raw("</h2><ol class=\"timeline\">");
        // Newest first: what happened last matters most; reads are drawn quieter than changes.
        foreach (var line in history.Reverse())
        {
            html.Raw(line.Action == CaseAction.Read ? "<li class=\"read\">" : "<li>")
                .Raw("<time>").Text(CaseNotifier.Local(line.At)).Raw("</time><div class=\"what\"><span class=\"action\">")
                .Text(DashboardTexts.Get("Action" + line.Action, language)).Raw("</span>");
            if (Detail(line, language) is { } detail)
            {
                html.Raw(" <span class=\"detail\">").Text(detail).Raw("</span>");
            }

            html.Raw(" <span class=\"actor\">").Text(Actor(line.Actor, names, user, language)).Raw("</span></div>");
            if (!string.IsNullOrWhiteSpace(line.Text))
            {
                html.Raw("<p class=\"note\">").Text(line.Text).Raw("</p>");
            }

            html.Raw("</li>");
        }

        html.Raw("</ol></section>");
    }

    private static void Actions(HtmlBuilder html, HttpContext http, CaseView view, ChildCase? filed, bool canAct, bool canAnswerReferral, string code, DashboardUser user, Language language)
    {
        string T(string name) => DashboardTexts.Get(name, language);
        html.Raw("<section class=\"card actions\"><h2>").Text(T("SectionActions")).Raw("</h2>");
        if (canAnswerReferral)
        {
            // The unit the case was referred to: take it over, or say no (with a reason) and it stays where it was.
            Form(html, http, code, "referral").Raw("<p>").Text(DashboardTexts.Format("ActReferralAsk", language, view.Summary.UnitName ?? "")).Raw("</p>")
                .Raw("<input type=\"hidden\" name=\"answer\" value=\"accept\"><button type=\"submit\" class=\"primary\">").Text(T("ActAccept")).Raw("</button></form>");
            Form(html, http, code, "referral").Raw("<input type=\"hidden\" name=\"answer\" value=\"refuse\"><label>").Text(T("ActReason"))
                .Raw("<input name=\"reason\" maxlength=\"500\" required></label><button type=\"submit\" class=\"danger\">").Text(T("ActRefuse")).Raw("</button></form>");
        }

        if (!canAct)
        {
            html.Raw("<p class=\"muted\">").Text(T("ReadOnlyNotice")).Raw("</p></section>");
            return;
        }

        var open = view.Summary.Stage != CaseStage.Closed;
        if (open)
        {
            if (filed?.AssigneeId == user.OfficialId)
            {
                html.Raw("<p class=\"mine\">").Text(T("ActTakenByYou")).Raw("</p>");
            }
            else
            {
                Form(html, http, code, "take").Raw("<button type=\"submit\" class=\"primary\">").Text(T("ActTake")).Raw("</button></form>");
            }

            Form(html, http, code, "move").Raw("<label>").Text(T("ActMove"));
            if (view.NextStages.Count == 0)
            {
                html.Raw("</label><p class=\"muted\">").Text(T("ActNoNextStage")).Raw("</p></form>");
            }
            else
            {
                html.Raw("<select name=\"stage\">");
                foreach (var stage in view.NextStages)
                {
                    Option(html, stage.ToString(), CaseNotifier.Stage(stage, language), selected: false);
                }

                html.Raw("</select></label><button type=\"submit\">").Text(T("ActMoveButton")).Raw("</button></form>");
            }

            // No level chosen for the person until they choose one: an unassessed case offers none preselected.
            Form(html, http, code, "risk").Raw("<label>").Text(T("ActRisk")).Raw("<select name=\"risk\" required>")
                .Raw(view.Summary.Risk is null ? "<option value=\"\" selected disabled>" : "<option value=\"\" disabled>").Text(CaseNotifier.Risk(null, language)).Raw("</option>");
            foreach (var risk in new[] { RiskLevel.High, RiskLevel.Medium, RiskLevel.Low })
            {
                Option(html, risk.ToString(), CaseNotifier.Risk(risk, language), view.Summary.Risk == risk);
            }

            html.Raw("</select></label><label>").Text(T("ActReason")).Raw("<input name=\"reason\" maxlength=\"500\" required></label>")
                .Raw("<button type=\"submit\">").Text(T("ActRiskButton")).Raw("</button></form>");
        }

        Form(html, http, code, "note").Raw("<label>").Text(T("ActNote")).Raw("<textarea name=\"note\" rows=\"3\" maxlength=\"2000\" required></textarea></label>")
            .Raw("<button type=\"submit\">").Text(T("ActNoteButton")).Raw("</button></form>");
        if (open && view.Summary.ReferredToUnitCode is null)
        {
            Form(html, http, code, "refer").Raw("<label>").Text(T("ActRefer")).Raw("<input name=\"unit\" maxlength=\"100\" required placeholder=\"").Attr(T("ActReferPlaceholder")).Raw("\"></label>")
                .Raw("<label>").Text(T("ActReason")).Raw("<input name=\"reason\" maxlength=\"500\" required></label><button type=\"submit\">").Text(T("ActReferButton")).Raw("</button></form>");
        }

        if (!open)
        {
            Form(html, http, code, "reopen").Raw("<label>").Text(T("ActReopen")).Raw(" · ").Text(T("ActReason")).Raw("<input name=\"reason\" maxlength=\"500\" required></label>")
                .Raw("<button type=\"submit\">").Text(T("ActReopenButton")).Raw("</button></form>");
        }

        if (open)
        {
            Form(html, http, code, "close").Raw("<label>").Text(T("ActClose")).Raw(" · ").Text(T("ActReason")).Raw("<input name=\"reason\" maxlength=\"500\" required></label>")
                .Raw("<button type=\"submit\" class=\"danger\">").Text(T("ActCloseButton")).Raw("</button></form>");
        }

        html.Raw("</section>");
    }

    private static HtmlBuilder Form(HtmlBuilder html, HttpContext http, string code, string action)
    {
        html.Raw("<form method=\"post\" class=\"action\" action=\"").Attr(code + "/" + action).Raw("\">");
        DashboardLayout.AntiforgeryField(html, http);
        return html;
    }

    private static void Flash(HtmlBuilder html, string? key, string code, Language language)
    {
        string? text;
        var ok = false;
        if (key is null)
        {
            return;
        }
        else if (DoneKeys.Contains(key))
        {
            text = CaseTexts.Format(key, language, code);
            ok = true;
        }
        else if (key == "NotAllowed")
        {
            text = CaseTexts.Get("ReadOnly", language);
        }
        else if (key == "BadInput")
        {
            text = DashboardTexts.Get("BadInput", language);
        }
        else
        {
            // Only a rule's name is shown as its text; anything else in the address is ignored.
            text = key.StartsWith("Rule", StringComparison.Ordinal) && TryCaseText(key, language) is { } rule ? CaseTexts.Format("Refused", language, code, rule) : null;
        }

        if (text is not null)
        {
            html.Raw(ok ? "<p class=\"flash ok\" role=\"status\">" : "<p class=\"flash error\" role=\"alert\">").Text(text).Raw("</p>");
        }
    }

    private static string? TryCaseText(string key, Language language)
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

    private static IEnumerable<(string Clock, DateTimeOffset Due)> Clocks(ChildCase? filed, CaseSummary summary)
    {
        if (filed is null)
        {
            // A reader who may not act sees the clock that runs out next.
            if (summary.NextClock is { } next && summary.DueAt is { } due)
            {
                yield return (next, due);
            }

            yield break;
        }

        if (filed.IsOpen && filed.EmergencyDueAt is { } emergency && filed.EmergencyStartedAt is null)
        {
            yield return ("Emergency", emergency);
        }

        if (filed.IsOpen && filed.PlanDueAt is { } plan && filed.PlanMadeAt is null)
        {
            yield return ("Plan", plan);
        }
    }

    internal static string TimeLeft(string? clock, DateTimeOffset? due, DateTimeOffset now, Language language, bool named = true)
    {
        if (clock is null || due is not { } at)
        {
            return "<span class=\"muted\">—</span>";
        }

        var left = at - now;
        return new HtmlBuilder()
            .Raw(left < TimeSpan.Zero ? "<span class=\"left overdue\">" : left < TimeSpan.FromHours(24) ? "<span class=\"left soon\">" : "<span class=\"left\">")
            .Text(CaseNotifier.Left(left, language)).Raw("</span>")
            .Raw(named ? " <span class=\"clock\">" : "").Text(named ? DashboardTexts.Get("Clock" + clock, language) : "").Raw(named ? "</span>" : "").ToString();
    }

    internal static string RiskBadge(RiskLevel? risk, bool dangerNow, Language language)
    {
        var html = new HtmlBuilder()
            .Raw("<span class=\"badge risk-").Attr((risk?.ToString() ?? "None").ToLowerInvariant()).Raw("\">").Text(CaseNotifier.Risk(risk, language)).Raw("</span>");
        if (dangerNow)
        {
            html.Raw("<span class=\"badge danger-now\" title=\"").Attr(DashboardTexts.Get("DangerNow", language)).Raw("\">!</span>");
        }

        return html.ToString();
    }




    private static string Assignee(string? actor, Dictionary<long, string> names, DashboardUser user, Language language) =>
        actor is null ? DashboardTexts.Get("Unassigned", language) : Actor(actor, names, user, language);

    public static long? OfficialId(string? actor) =>
        actor is not null && actor.StartsWith("official:", StringComparison.Ordinal)
        && long.TryParse(actor.AsSpan("official:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    internal static string Actor(string actor, Dictionary<long, string> names, DashboardUser user, Language language)
    {
        if (OfficialId(actor) is { } id)
        {
            var name = names.TryGetValue(id, out var known) ? known : DashboardTexts.Format("ActorOfficial", language, id);
            return id == user.OfficialId ? DashboardTexts.Format("ActorYou", language, name) : name;
        }

        return actor switch
        {
            "system" => DashboardTexts.Get("ActorSystem", language),
            "reporter" => DashboardTexts.Get("ActorReporter", language),
            _ when actor.StartsWith("api:", StringComparison.Ordinal) => DashboardTexts.Format("ActorApi", language, actor["api:".Length..]),
            _ => actor,
        };
    }

    /// <summary>A record line's detail in words: "Received→InitialAssessment" as the two stages' names.</summary>
    private static string? Detail(CaseHistoryLine line, Language language)
    {
        // A read's "details"/"summary" says nothing to the people on the page.
        if (line.Detail is not { Length: > 0 } detail || line.Action is CaseAction.Read)
        {
            return null;
        }

        if (line.Action is CaseAction.Alerted or CaseAction.Escalated)
        {
            return Told(detail, language);
        }

        var parts = detail.Split('→');
        if (parts.Length != 2)
        {
            return detail;
        }

        return line.Action switch
        {
            CaseAction.Moved => $"{StageName(parts[0], language)} → {StageName(parts[1], language)}",
            CaseAction.RiskSet => $"{RiskName(parts[0], language)} → {RiskName(parts[1], language)}",
            _ => detail,
        };
    }

    /// <summary>
    /// Whom an alert reached, from its record line "NewCase|Unit|2|telegram": "Vụ việc mới — Đã báo 2 cán bộ qua
    /// Telegram", or "Chưa báo được ai: đã chuyển quản trị viên". Older lines ("NewCase → 1") say nothing.
    /// </summary>
    internal static string? Told(string detail, Language language)
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

    private static string StageName(string value, Language language) =>
        DashboardEndpoints.ReadEnum<CaseStage>(value) is { } stage ? CaseNotifier.Stage(stage, language) : value;

    private static string RiskName(string value, Language language) =>
        CaseNotifier.Risk(DashboardEndpoints.ReadEnum<RiskLevel>(value), language);
}
