using ChildCare.Core.Configuration;

namespace ChildCare.Bot.WebChat;

/// <summary>
/// The web chat's switches and limits, read once at start-up. Messages are limited per browser session, per
/// client address and for the whole node; filing has its own limits per address and per node, past which
/// "send" needs the browser's proof of work (never the numbers or the guidance).
/// </summary>
internal sealed record WebChatSettings(
    bool Enabled,
    int MessagesPerMinute,
    int MessagesPerMinutePerAddress = 120,
    int MessagesPerMinuteTotal = 6000,
    int ReportsPerHourPerAddress = 5,
    int ReportsPerHourTotal = 300,
    int ProofOfWorkBits = 16,
    int SessionIdleMinutes = 30,
    int EndedNoticeHours = 24)
{
    public const string EnabledKey = "WebChat:Enabled";
    public const string MessagesPerMinuteKey = "WebChat:MessagesPerMinute";
    public const string MessagesPerMinutePerAddressKey = "WebChat:MessagesPerMinutePerAddress";
    public const string MessagesPerMinuteTotalKey = "WebChat:MessagesPerMinuteTotal";
    public const string ReportsPerHourPerAddressKey = "WebChat:ReportsPerHourPerAddress";
    public const string ReportsPerHourTotalKey = "WebChat:ReportsPerHourTotal";
    public const string ProofOfWorkBitsKey = "WebChat:ProofOfWorkBits";
    public const string SessionIdleMinutesKey = "WebChat:SessionIdleMinutes";
    public const string EndedNoticeHoursKey = "WebChat:EndedNoticeHours";

    public static WebChatSettings Read(IConfiguration configuration) => new(
        SettingsReader.Flag(configuration, EnabledKey, true),
        SettingsReader.WholeNumber(configuration, MessagesPerMinuteKey, 30, 1, 10_000),
        SettingsReader.WholeNumber(configuration, MessagesPerMinutePerAddressKey, 120, 1, 100_000),
        SettingsReader.WholeNumber(configuration, MessagesPerMinuteTotalKey, 6000, 1, 1_000_000),
        SettingsReader.WholeNumber(configuration, ReportsPerHourPerAddressKey, 5, 1, 10_000),
        SettingsReader.WholeNumber(configuration, ReportsPerHourTotalKey, 300, 1, 100_000),
        SettingsReader.WholeNumber(configuration, ProofOfWorkBitsKey, 16, 8, 24),
        SettingsReader.WholeNumber(configuration, SessionIdleMinutesKey, 30, 5, 1440),
        SettingsReader.WholeNumber(configuration, EndedNoticeHoursKey, 24, 0, 720));

    public TimeSpan SessionIdle => TimeSpan.FromMinutes(SessionIdleMinutes);

    /// <summary>
    /// How long after a session idled out the same browser is still told that an unfinished report of it was deleted
    /// (the cookie outlives the session by this much, and opens nothing).
    /// </summary>
    public TimeSpan EndedNotice => TimeSpan.FromHours(EndedNoticeHours);
}
