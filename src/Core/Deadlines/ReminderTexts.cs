using ChildCare.Core.Calendar;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Units;

namespace ChildCare.Core.Deadlines;

/// <summary>Composes what officials read about deadlines, in their language (HTML, Telegram's subset).</summary>
public static class ReminderTexts
{
    public const string CallbackPrefix = "dl";

    /// <summary>"hôm nay" / "today", "ngày mai" / "tomorrow", "2 ngày nữa" / "2 days from now", "quá hạn 2 ngày" / "2 days overdue".</summary>
    public static string Countdown(DateOnly due, DateOnly today, Language language)
    {
        var days = due.DayNumber - today.DayNumber;
        return days switch
        {
            0 => CoreTexts.Get("CountdownToday", language),
            > 0 => TimeTexts.FromToday(due, today, language),
            _ => CoreTexts.Format("CountdownOverdue", language, TimeTexts.Days(-days, language)),
        };
    }

    public static string Role(OfficialRole role, Language language) => CoreTexts.Get("Role" + role, language);

    public static string Lunar(DateOnly date, Language language)
    {
        var lunar = LunarCalendar.ToLunar(date);
        return CoreTexts.Format(lunar.IsLeapMonth ? "LunarLeapDate" : "LunarDate", language, lunar.Day, lunar.Month);
    }

    /// <summary>The reminder (or overdue notice, or escalation) for one occurrence.</summary>
    /// <param name="kind">Ahead, snoozed, overdue notice or escalation.</param>
    /// <param name="rule">The rule, with its themes.</param>
    /// <param name="unit">The occurrence's unit.</param>
    /// <param name="occurrence">What falls due.</param>
    /// <param name="today">The day it is sent, for the countdown.</param>
    /// <param name="language">The reader's language.</param>
    /// <param name="late">Sent well after its moment: says so.</param>
    /// <param name="movedFromDayOff">Sent early because its day was a day off: says so.</param>
    /// <param name="legalEnd">The legal last day of a deadline (the next working day when the due date is a day
    /// off): the reminder names it ("hết Thứ Hai 16/11/2026") and counts down to it.</param>
    public static string Reminder(ReminderKind kind, DeadlineRule rule, Unit unit, Occurrence occurrence, DateOnly today, Language language, bool late, bool movedFromDayOff, DateOnly? legalEnd = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(occurrence);
        var title = MessageHtml.Escape(rule.Title(language, occurrence.DueDate));
        var unitName = MessageHtml.Escape(unit.Name(language));
        // A deadline is read as the end of its legal last day (the next working day when the plan's day is a day
        // off); an event keeps its own day.
        var lastDay = legalEnd ?? occurrence.DueDate;
        var due = rule.Kind == RuleKind.Deadline ? DeadlineEnds.ByEndOf(lastDay, language) : CoreTexts.DateWithWeekday(occurrence.DueDate, language);
        var lines = new List<string>();
        switch (kind)
        {
            case ReminderKind.Overdue:
                lines.Add(CoreTexts.Format("OverdueNotice", language, title, unitName, due));
                break;
            case ReminderKind.Escalation:
                lines.Add(CoreTexts.Format("EscalationNotice", language, title, unitName, due));
                break;
            default:
                var countdown = Countdown(rule.Kind == RuleKind.Deadline ? lastDay : occurrence.DueDate, today, language);
                lines.Add(rule.Kind == RuleKind.Deadline
                    ? CoreTexts.Format("ReminderDeadline", language, title, unitName, due, countdown)
                    : occurrence.EndDate is { } end
                        ? CoreTexts.Format("ReminderEventPeriod", language, title, unitName, due, countdown, CoreTexts.DateWithWeekday(end, language))
                        : CoreTexts.Format("ReminderEvent", language, title, unitName, due, countdown));
                break;
        }

        if (rule.Kind == RuleKind.Deadline && lastDay != occurrence.DueDate)
        {
            lines.Add(CoreTexts.Format("ReminderDueMoved", language, CoreTexts.DateWithWeekday(occurrence.DueDate, language)));
        }

        if (rule.Schedule().IsLunar)
        {
            lines.Add(CoreTexts.Format("ReminderLunar", language, Lunar(occurrence.DueDate, language)));
        }

        if (rule.ThemeOf(occurrence.DueDate.Year) is { } theme)
        {
            lines.Add(CoreTexts.Format("ReminderTheme", language, occurrence.DueDate.Year, MessageHtml.Escape(theme.Text(language))));
        }

        if (late)
        {
            lines.Add(CoreTexts.Get("ReminderLate", language));
        }
        else if (movedFromDayOff)
        {
            lines.Add(CoreTexts.Get("ReminderMovedFromDayOff", language));
        }

        return string.Join("\n", lines);
    }

    /// <summary>"Đã hoàn thành", "Nhắc lại sau", "Chi tiết" (no snooze once the deadline passed).</summary>
    public static Keyboard Buttons(long occurrenceId, Language language, bool canSnooze)
    {
        var row = new List<KeyboardButton> { KeyboardButton.Callback(CoreTexts.Get("ButtonDone", language), Callback("done", occurrenceId)) };
        if (canSnooze)
        {
            row.Add(KeyboardButton.Callback(CoreTexts.Get("ButtonSnooze", language), Callback("snz", occurrenceId)));
        }

        return Keyboard.Inline(row, [KeyboardButton.Callback(CoreTexts.Get("ButtonDetails", language), Callback("info", occurrenceId))]);
    }

    /// <summary>
    /// Several reminders due for one official at once, in one message: a heading, then each reminder numbered.
    /// </summary>
    public static string Digest(IReadOnlyList<string> reminders, Language language)
    {
        ArgumentNullException.ThrowIfNull(reminders);
        return string.Join("\n\n", reminders.Select((text, i) => CoreTexts.Format("DigestItem", language, i + 1, text))
            .Prepend(CoreTexts.Format("DigestHeading", language, reminders.Count)));
    }

    /// <summary>
    /// A digest's buttons: one row per reminder, numbered as in the text, each with the same done, snooze and details
    /// taps as the reminder sent alone (the callbacks name the occurrence, so each item is marked on its own).
    /// </summary>
    public static Keyboard DigestButtons(IReadOnlyList<(long OccurrenceId, bool CanSnooze)> items, Language language)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new Keyboard([.. items.Select((item, i) =>
        {
            var row = new List<KeyboardButton> { KeyboardButton.Callback(CoreTexts.Format("DigestButtonDone", language, i + 1), Callback("done", item.OccurrenceId)) };
            if (item.CanSnooze)
            {
                row.Add(KeyboardButton.Callback(CoreTexts.Format("DigestButtonSnooze", language, i + 1), Callback("snz", item.OccurrenceId)));
            }

            row.Add(KeyboardButton.Callback(CoreTexts.Format("DigestButtonDetails", language, i + 1), Callback("info", item.OccurrenceId)));
            return (IReadOnlyList<KeyboardButton>)row;
        })]);
    }

    public static string Callback(string action, long occurrenceId) =>
        FormattableString.Invariant($"{CallbackPrefix}:{action}:{occurrenceId}");

    /// <summary>Reads "dl:done:123"; false for anything else.</summary>
    public static bool TryReadCallback(string? data, out string action, out long occurrenceId)
    {
        action = "";
        occurrenceId = 0;
        var parts = (data ?? "").Split(':');
        if (parts is not [CallbackPrefix, var verb, var id] || verb is not ("done" or "snz" or "info")
            || !long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out occurrenceId))
        {
            return false;
        }

        action = verb;
        return true;
    }
}
