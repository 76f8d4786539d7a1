namespace ChildCare.Core.Messaging;

/// <summary>
/// Why a message is sent (<see cref="OutboxMessage.Purpose"/>, at most 40 characters): named once here, because a
/// channel reads some of them (what is about a case is sent protected) and the case watch counts alerts by theirs.
/// </summary>
public static class MessagePurposes
{
    public const string Reply = "reply";

    public const string Plan = "plan";

    public const string Reminder = "reminder";

    /// <summary>An official's colleagues told that a deadline was marked done.</summary>
    public const string ReminderDone = "reminder-done";

    /// <summary>An official's deadline commands answered (upcoming, details, done, snooze).</summary>
    public const string Official = "official";

    public const string SignIn = "sign-in";

    /// <summary>A case's news to its reporter (stage moved): their own report, nothing more.</summary>
    public const string CaseReporter = "case-reporter";

    /// <summary>An official's alert about a case (new, clock, escalation, referral, backlog).</summary>
    public const string CaseAlert = "case-alert";

    /// <summary>Many cases at once: the digest instead of one alert each, and the administrators' warning.</summary>
    public const string CaseFlood = "case-flood";

    /// <summary>An official's case buttons answered: details, results of a change.</summary>
    public const string CaseChat = "case-chat";

    /// <summary>The photos of a report, sent to an official of its unit (<see cref="Cases.CasePhotoMessage"/>).</summary>
    public const string CasePhotos = "case-photos";

    /// <summary>
    /// What officials are told about a case (its details, photos, alerts, digests): a channel that can stop a message
    /// being forwarded or saved (Telegram's protect_content) does so, as for sign-in links.
    /// </summary>
    public static bool IsAboutACase(string purpose) => purpose is CaseChat or CaseAlert or CaseFlood or CasePhotos;
}
