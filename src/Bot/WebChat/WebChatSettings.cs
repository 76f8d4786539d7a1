using ChildCare.Core.Configuration;

namespace ChildCare.Bot.WebChat;

/// <summary>The web chat's switches, read once at start-up.</summary>
internal sealed record WebChatSettings(bool Enabled, int MessagesPerMinute)
{
    public const string EnabledKey = "WebChat:Enabled";
    public const string MessagesPerMinuteKey = "WebChat:MessagesPerMinute";

    public static WebChatSettings Read(IConfiguration configuration) => new(
        SettingsReader.Flag(configuration, EnabledKey, true),
        SettingsReader.WholeNumber(configuration, MessagesPerMinuteKey, 30, 1, 10_000));
}
