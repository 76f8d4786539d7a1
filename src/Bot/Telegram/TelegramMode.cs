namespace ChildCare.Bot.Telegram;

/// <summary>How the bot receives updates: not at all, by long polling getUpdates, or by webhook.</summary>
internal enum TelegramMode
{
    Off,
    Polling,
    Webhook,
}
