using System.Globalization;
using System.Text;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Time;

namespace ChildCare.Core.Cases;

/// <summary>
/// Case messages: alerts to officials (only what an alert may show: code, risk, commune, category, clocks; no
/// names) with the buttons to work the case, and coarse status changes to a reporter who agreed to be contacted.
/// </summary>
public sealed class CaseNotifier(IOutbox outbox, CaseIntake intake, Privacy.Sealer sealer, IServiceProvider services)
{
    public const string CallbackPrefix = "cs:";

    /// <summary>Tells the reporter, if they agreed to be contacted on Telegram, that their report moved on.</summary>
    public async Task TellReporterAsync(ChildCase filed, CancellationToken cancellationToken)
    {
        if (!filed.ContactConsent)
        {
            return;
        }

        var details = intake.Open(filed);
        if (details.ReporterChannel is not (OutboxMessage.TelegramChannel or OutboxMessage.ZaloChannel) || details.ReporterChatId is not { } chat)
        {
            return;
        }

        // The reporter's own language, as their conversation last spoke it (resolved late: the help desk needs us, not we it).
        var languages = (IReporterLanguage?)services.GetService(typeof(IReporterLanguage));
        var language = languages is null ? Language.Vi : await languages.LanguageAsync(details.ReporterChannel, chat, Language.Vi, cancellationToken);
        var status = CaseTexts.Get("Coarse" + filed.Stage.Coarse(), language);
        var text = CaseTexts.Format("ReporterUpdate", language, filed.Code, status);
        // The dedup key is a keyed tag, not the case id: beside the reporter's chat id it would undo their pseudonym.
        var key = "case-reporter:" + sealer.Tag(string.Create(CultureInfo.InvariantCulture, $"case-reporter:{filed.Id}:{filed.Version}"));
        await outbox.EnqueueAsync([new OutboundMessage(chat, text, MessagePriority.Reply, MessagePurposes.CaseReporter, DedupKey: key, Channel: details.ReporterChannel)], cancellationToken);
    }

    /// <summary>
    /// One alert about a case to each recipient, in their language. Officials of the tree get the case buttons (and,
    /// when the unit's own could not be reached, a line saying so); administrators, who have no right to the case,
    /// get the queue fields and where to route or follow it on the dashboard.
    /// </summary>
    public Task AlertAsync(ChildCase filed, CaseAlertKind kind, string? unitName, AlertRoute route, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        var messages = route.To.Select(o => new OutboundMessage(
            o.ChatId,
            AlertText(filed, kind, unitName, now, o.Language) + Escalation(kind, route.Tier, o.Language),
            kind == CaseAlertKind.NewCase && filed.Risk != RiskLevel.High ? MessagePriority.Reply : MessagePriority.Urgent,
            MessagePurposes.CaseAlert,
            route.Unattended ? null : Buttons(filed.Id, o.Language),
            string.Create(CultureInfo.InvariantCulture, $"case-alert:{filed.Id}:{kind}:{o.Id}"),
            Channel: o.Channel)).ToList();
        return messages.Count == 0 ? Task.CompletedTask : outbox.EnqueueAsync(messages, cancellationToken);
    }

    private static string Escalation(CaseAlertKind kind, AlertTier tier, Language language) => tier switch
    {
        AlertTier.Administrators => "\n" + CaseTexts.Get(kind == CaseAlertKind.Unrouted ? "AlertToAdministratorsUnrouted" : "AlertToAdministrators", language),
        AlertTier.Supervisors or AlertTier.Province when kind is CaseAlertKind.NewCase or CaseAlertKind.NewCaseUndelivered => "\n" + CaseTexts.Get("AlertNobodyInUnit", language),
        _ => "",
    };

    /// <summary>
    /// One digest instead of an alert per case, for a unit flooded with new cases, and a warning to the administrators.
    /// Codes only: nothing of what the reports say.
    /// </summary>
    public Task FloodAsync(IReadOnlyList<ChildCase> cases, string? unitName, int inWindow, int threshold, IReadOnlyCollection<Official> recipients,
        IReadOnlyCollection<Official> administrators, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var codes = string.Join(", ", cases.Take(30).Select(c => c.Code)) + (cases.Count > 30 ? ", …" : "");
        var unit = MessageHtml.Escape(unitName ?? "?");
        var round = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var messages = recipients.Select(o => new OutboundMessage(
            o.ChatId, CaseTexts.Format("AlertFloodDigest", o.Language, cases.Count, unit, codes), MessagePriority.Reply, MessagePurposes.CaseAlert,
            DedupKey: $"case-flood:{cases[0].Id}:{o.Id}", Channel: o.Channel))
            .Concat(administrators.Select(o => new OutboundMessage(
                o.ChatId, CaseTexts.Format("AlertFloodAdministrators", o.Language, inWindow, unit, threshold), MessagePriority.Urgent, MessagePurposes.CaseFlood,
                DedupKey: $"case-flood-admin:{cases[0].Id}:{o.Id}:{round}", Channel: o.Channel)))
            .ToList();
        return outbox.EnqueueAsync(messages, cancellationToken);
    }

    /// <summary>Tells the unit a case was referred to, with the buttons to accept or refuse it.</summary>
    public Task ReferralAsync(ChildCase filed, string unitName, IReadOnlyCollection<Official> recipients, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (recipients.Count == 0)
        {
            return Task.CompletedTask;
        }

        var messages = recipients.Select(o => new OutboundMessage(
            o.ChatId,
            CaseTexts.Format("AlertReferred", o.Language, filed.Code, MessageHtml.Escape(unitName)) + "\n" + Summary(filed, null, now, o.Language),
            MessagePriority.Urgent,
            MessagePurposes.CaseAlert,
            Keyboard.Inline(
            [
                KeyboardButton.Callback(CaseTexts.Get("ButtonAccept", o.Language), Data("accept", filed.Id)),
                KeyboardButton.Callback(CaseTexts.Get("ButtonRefuse", o.Language), Data("refuse", filed.Id)),
            ]),
            string.Create(CultureInfo.InvariantCulture, $"case-referral:{filed.Id}:{filed.Version}:{o.Id}"),
            Channel: o.Channel)).ToList();
        return outbox.EnqueueAsync(messages, cancellationToken);
    }

    public static string AlertText(ChildCase filed, CaseAlertKind kind, string? unitName, DateTimeOffset now, Language language)
    {
        var text = new StringBuilder(CaseTexts.Format("Alert" + kind, language, filed.Code));
        text.Append('\n').Append(Summary(filed, unitName, now, language));
        return text.ToString();
    }

    /// <summary>Code, risk, handling unit, category and the clocks: what may be shown without opening the case.</summary>
    public static string Summary(ChildCase filed, string? unitName, DateTimeOffset now, Language language)
    {
        var text = new StringBuilder();
        text.Append(CaseTexts.Format("LineRisk", language, Risk(filed.Risk, language), filed.DangerNow ? CaseTexts.Get("DangerReported", language) : ""));
        // The unit the case was routed to, not the commune as typed: that is the reporter's words, kept sealed.
        text.Append('\n').Append(CaseTexts.Format("LinePlace", language, MessageHtml.Escape(unitName ?? CaseTexts.Get("Unrouted", language))));
        text.Append('\n').Append(CaseTexts.Format("LineCategory", language, CaseTexts.Category(filed.Category, language)));
        text.Append('\n').Append(CaseTexts.Format("LineStage", language, Stage(filed.Stage, language)));
        if (filed.EmergencyDueAt is { } emergency && filed.EmergencyStartedAt is null && filed.IsOpen)
        {
            text.Append('\n').Append(CaseTexts.Format("LineEmergencyClock", language, DeadlineEnds.Hours(emergency, language), Left(emergency - now, language)));
        }

        if (filed.PlanDueAt is { } plan && filed.PlanMadeAt is null && filed.IsOpen)
        {
            text.Append('\n').Append(CaseTexts.Format("LinePlanClock", language, DeadlineEnds.Days(plan, language), Left(plan - now, language)));
        }

        return text.ToString();
    }

    /// <summary>The case buttons; a case someone has <paramref name="taken"/> offers no "take".</summary>
    public static Keyboard Buttons(long caseId, Language language, bool taken = false)
    {
        KeyboardButton B(string name, string action) => KeyboardButton.Callback(CaseTexts.Get(name, language), Data(action, caseId));
        return Keyboard.Inline(
            taken ? [B("ButtonOpen", "open")] : [B("ButtonTake", "take"), B("ButtonOpen", "open")],
            [B("ButtonRisk", "risk"), B("ButtonMove", "move")],
            [B("ButtonNote", "note")]);
    }

    /// <summary>A case button's data: "cs:take:12", "cs:mv:12:Review".</summary>
    public static string Data(string action, long caseId, string? argument = null) => argument is null
        ? string.Create(CultureInfo.InvariantCulture, $"{CallbackPrefix}{action}:{caseId}")
        : string.Create(CultureInfo.InvariantCulture, $"{CallbackPrefix}{action}:{caseId}:{argument}");

    public static string Risk(RiskLevel? risk, Language language) => CaseTexts.Get("Risk" + (risk?.ToString() ?? "None"), language);

    public static string Stage(CaseStage stage, Language language) => CaseTexts.Get("Stage" + stage, language);

    public static string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, VietnamTime.Zone).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>"còn 11 giờ, 58 phút" / "11 hours, 58 minutes left", "quá 2 giờ": how long until (or since) a clock runs out.</summary>
    public static string Left(TimeSpan left, Language language) =>
        CaseTexts.Format(left >= TimeSpan.Zero ? "TimeLeft" : "TimeOver", language, TimeTexts.Duration(left, language));
}
