namespace ChildCare.Bot.Telegram;

// Outgoing parameters. Property names become snake_case; null properties are left out of the JSON.

internal sealed record SendMessageRequest(
    long ChatId,
    string Text,
    string? ParseMode = TelegramParseMode.Html,
    ReplyMarkup? ReplyMarkup = null,
    LinkPreviewOptions? LinkPreviewOptions = null,
    ReplyParameters? ReplyParameters = null,
    bool? DisableNotification = null,
    bool? ProtectContent = null);

internal static class TelegramParseMode
{
    public const string Html = "HTML";
}

internal sealed record LinkPreviewOptions(bool? IsDisabled = null, string? Url = null)
{
    public static LinkPreviewOptions Disabled { get; } = new(IsDisabled: true);
}

internal sealed record ReplyParameters(long MessageId, long? ChatId = null, bool? AllowSendingWithoutReply = null);

internal sealed record EditMessageTextRequest(
    long ChatId,
    long MessageId,
    string Text,
    string? ParseMode = TelegramParseMode.Html,
    InlineKeyboardMarkup? ReplyMarkup = null,
    LinkPreviewOptions? LinkPreviewOptions = null);

internal sealed record EditMessageReplyMarkupRequest(long ChatId, long MessageId, InlineKeyboardMarkup? ReplyMarkup = null);

internal sealed record AnswerCallbackQueryRequest(string CallbackQueryId, string? Text = null, bool? ShowAlert = null);

internal sealed record SendChatActionRequest(long ChatId, string Action);

internal sealed record GetUpdatesRequest(long? Offset = null, int? Limit = null, int? Timeout = null, IReadOnlyList<string>? AllowedUpdates = null);

internal sealed record SetWebhookRequest(
    Uri Url,
    string? SecretToken = null,
    IReadOnlyList<string>? AllowedUpdates = null,
    bool? DropPendingUpdates = null,
    int? MaxConnections = null);

internal sealed record DeleteWebhookRequest(bool? DropPendingUpdates = null);

internal sealed record SetMyCommandsRequest(IReadOnlyList<BotCommand> Commands, BotCommandScope? Scope = null, string? LanguageCode = null);

internal sealed record BotCommand(string Command, string Description);

/// <summary>Which users see a command list. Only the scopes we use; "default" is every private and group chat.</summary>
internal sealed record BotCommandScope(string Type, long? ChatId = null)
{
    public static BotCommandScope Default { get; } = new("default");

    public static BotCommandScope AllPrivateChats { get; } = new("all_private_chats");

    public static BotCommandScope ForChat(long chatId) => new("chat", chatId);
}

internal sealed record GetFileRequest(string FileId);

internal static class TelegramUpdateTypes
{
    public static readonly IReadOnlyList<string> Handled = ["message", "edited_message", "callback_query", "my_chat_member"];
}
