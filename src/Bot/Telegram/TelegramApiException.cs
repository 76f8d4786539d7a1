namespace ChildCare.Bot.Telegram;

/// <summary>
/// The Bot API answered a call with ok=false (or with something that is not its JSON at all). The message
/// names the method, the error code and Telegram's description; it never contains the request URI.
/// </summary>
internal sealed class TelegramApiException(string method, int errorCode, string description, TimeSpan? retryAfter = null, long? migrateToChatId = null)
    : Exception($"Telegram {method} failed: {errorCode} {description}")
{
    public string Method { get; } = method;

    public int ErrorCode { get; } = errorCode;

    public string Description { get; } = description;

    /// <summary>parameters.retry_after of a 429 answer.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>parameters.migrate_to_chat_id: the group became a supergroup with this id.</summary>
    public long? MigrateToChatId { get; } = migrateToChatId;

    public bool IsRateLimited => ErrorCode == 429;

    public bool IsUnauthorized => ErrorCode == 401;

    /// <summary>The person stopped the bot (blocked it or deleted their account), or the bot left the group.</summary>
    public bool IsBlockedByUser => ErrorCode == 403 && (
        Has("bot was blocked by the user")
        || Has("user is deactivated")
        || Has("bot was kicked")
        || Has("bot is not a member")
        || Has("bot can't initiate conversation"));

    /// <summary>Nobody can be reached in this chat any more: blocked, deactivated, kicked, or the chat is gone.</summary>
    public bool IsChatUnreachable => IsBlockedByUser || (ErrorCode is 400 or 403 && Has("chat not found"));

    /// <summary>An edit that changes nothing; harmless, e.g. a double-tapped button.</summary>
    public bool IsMessageNotModified => ErrorCode == 400 && Has("message is not modified");

    private bool Has(string text) => Description.Contains(text, StringComparison.OrdinalIgnoreCase);
}
