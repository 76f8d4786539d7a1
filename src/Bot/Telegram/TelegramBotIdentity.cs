namespace ChildCare.Bot.Telegram;

/// <summary>The bot's username once getMe answered; invite deep links need it. Null while unknown.</summary>
internal sealed class TelegramBotIdentity
{
    public string? Username { get; set; }

    /// <summary><c>https://t.me/{bot}?start={payload}</c>, or null while the username is unknown.</summary>
    public Uri? DeepLink(string payload) =>
        Username is { } name ? new Uri($"https://t.me/{name}?start={Uri.EscapeDataString(payload)}") : null;
}
