namespace ChildCare.Bot.Telegram;

/// <summary>
/// A call to the Bot API got no answer: network error or timeout, after all retries. The message is written
/// by us and the inner exception is a redacted copy, because the originals may carry the request URI, and
/// the URI carries the bot token.
/// </summary>
internal sealed class TelegramTransportException(string method, string problem, bool isTimeout, Exception? inner = null)
    : Exception($"Telegram {method} failed: {problem}", inner)
{
    public string Method { get; } = method;

    public bool IsTimeout { get; } = isTimeout;
}
