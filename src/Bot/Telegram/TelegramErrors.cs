using Telegram.Bot.Exceptions;

namespace ChildCare.Bot.Telegram;

/// <summary>What an <see cref="ApiRequestException"/> from Telegram.Bot means for us, read from its error code and parameters.</summary>
internal static class TelegramErrors
{
    public static bool IsRateLimited(this ApiRequestException exception) => exception.ErrorCode == 429;

    /// <summary>parameters.retry_after of a 429 answer.</summary>
    public static TimeSpan? RetryAfter(this ApiRequestException exception) =>
        exception.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    public static bool IsUnauthorized(this ApiRequestException exception) => exception.ErrorCode == 401;

    /// <summary>
    /// Nobody can be reached in this chat any more: the person blocked the bot or deleted their account, the bot
    /// left the group, or the chat is gone. Telegram.Bot reports all of these as a plain 403 (or 400) with a description.
    /// </summary>
    public static bool IsChatUnreachable(this ApiRequestException exception) =>
        (exception.ErrorCode == 403 && (
            Has(exception, "bot was blocked by the user")
            || Has(exception, "user is deactivated")
            || Has(exception, "bot was kicked")
            || Has(exception, "bot is not a member")
            || Has(exception, "bot can't initiate conversation")))
        || (exception.ErrorCode is 400 or 403 && Has(exception, "chat not found"));

    private static bool Has(ApiRequestException exception, string text) => exception.Message.Contains(text, StringComparison.OrdinalIgnoreCase);
}
