using System.Globalization;
using System.Text;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Time;

namespace ChildCare.Core.Cases;

/// <summary>
/// Case messages: alerts to officials (only what an alert may show: code, risk, commune, category, clocks; no
/// names) with the buttons to work the case, and coarse status changes to a reporter who agreed to be contacted.
/// </summary>
internal sealed class CaseNotifier(IOutbox outbox, CaseIntake intake, Privacy.Sealer sealer, IServiceProvider services)
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
        if (details.ReporterChannel != OutboxMessage.TelegramChannel || details.ReporterChatId is not { } chat)
        {
            return;
        }

        // The reporter's own language, as their conversation last spoke it (the engine is resolved late: it needs us not).
        var engine = (ConversationEngine?)services.GetService(typeof(ConversationEngine));
        var language = engine is null ? Language.Vi : await engine.LanguageAsync(details.ReporterChannel, chat, Language.Vi, cancellationToken);
        var status = CaseTexts.Get("Coarse" + filed.Stage.Coarse(), language);
        var text = CaseTexts.Format("ReporterUpdate", language, filed.Code, status);
        // The dedup key is a keyed tag, not the case id: beside the reporter's chat id it would undo their pseudonym.
        var key = "case-reporter:" + sealer.Tag(string.Create(CultureInfo.InvariantCulture, $"case-reporter:{filed.Id}:{filed.Version}"));
        await outbox.EnqueueAsync([new OutboundMessage(chat, text, MessagePriority.Reply, "case-reporter", DedupKey: key)], cancellationToken);
    }

    /// <summary>One alert about a case to each recipient, in their language, with the case buttons.</summary>
    public Task AlertAsync(ChildCase filed, CaseAlertKind kind, string? unitName, IReadOnlyCollection<Official> recipients, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var messages = recipients.Select(o => new OutboundMessage(
            o.ChatId,
            AlertText(filed, kind, unitName, now, o.Language),
            kind == CaseAlertKind.NewCase && filed.Risk != RiskLevel.High ? MessagePriority.Reply : MessagePriority.Urgent,
            "case-alert",
            Buttons(filed.Id, o.Language),
            string.Create(CultureInfo.InvariantCulture, $"case-alert:{filed.Id}:{kind}:{o.Id}"),
            Channel: o.Channel)).ToList();
        return outbox.EnqueueAsync(messages, cancellationToken);
    }

    /// <summary>Tells the unit a case was referred to, with the buttons to accept or refuse it.</summary>
    public Task ReferralAsync(ChildCase filed, string unitName, IReadOnlyCollection<Official> recipients, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var messages = recipients.Select(o => new OutboundMessage(
            o.ChatId,
            CaseTexts.Format("AlertReferred", o.Language, filed.Code, MessageHtml.Escape(unitName)) + "\n" + Summary(filed, null, now, o.Language),
            MessagePriority.Urgent,
            "case-alert",
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
        text.Append('\n').Append(CaseTexts.Format("LineCategory", language, ConversationTexts.Get("Category" + filed.Category, language)));
        text.Append('\n').Append(CaseTexts.Format("LineStage", language, Stage(filed.Stage, language)));
        if (filed.EmergencyDueAt is { } emergency && filed.EmergencyStartedAt is null && filed.IsOpen)
        {
            text.Append('\n').Append(CaseTexts.Format("LineEmergencyClock", language, Local(emergency), Left(emergency - now, language)));
        }

        if (filed.PlanDueAt is { } plan && filed.PlanMadeAt is null && filed.IsOpen)
        {
            text.Append('\n').Append(CaseTexts.Format("LinePlanClock", language, Local(plan), Left(plan - now, language)));
        }

        return text.ToString();
    }

    public static Keyboard Buttons(long caseId, Language language)
    {
        KeyboardButton B(string name, string action) => KeyboardButton.Callback(CaseTexts.Get(name, language), Data(action, caseId));
        return Keyboard.Inline(
            [B("ButtonTake", "take"), B("ButtonOpen", "open")],
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

    /// <summary>"còn 11 giờ 58 phút" / "quá 2 giờ": how long until (or since) a clock runs out.</summary>
    public static string Left(TimeSpan left, Language language)
    {
        var span = left.Duration();
        var amount = span.TotalHours >= 48
            ? CaseTexts.Format("Days", language, (int)span.TotalDays)
            : CaseTexts.Format("HoursMinutes", language, (int)span.TotalHours, span.Minutes);
        return CaseTexts.Format(left >= TimeSpan.Zero ? "TimeLeft" : "TimeOver", language, amount);
    }
}
