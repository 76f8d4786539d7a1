using ChildCare.Core.Messaging;
using Polly.CircuitBreaker;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// Sends outbox rows with sendMessage: a <see cref="ChatReply"/> as HTML (a phone number in bold) and its keyboard as
/// reply markup. Texts longer than Telegram's 4096 characters go as several messages,
/// the keyboard under the last; should a later part fail, the retry sends the earlier parts again.
/// </summary>
internal sealed class TelegramMessageSender(ITelegramBotClient client) : IMessageSender
{
    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    public string Channel => OutboxMessage.TelegramChannel;

    /// <summary>
    /// What officials are told about a case (its details, alerts, digests) cannot be forwarded or saved from Telegram,
    /// as the sign-in links cannot: a child's name and address must not travel on from an official's chat.
    /// </summary>
    internal static bool IsAboutACase(string purpose) => purpose is "case-chat" or "case-alert" or "case-flood";

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var body = message.Body;
            var parts = TelegramText.Split(body.Html);
            Message? last = null;
            for (var i = 0; i < parts.Count; i++)
            {
                last = await client.SendMessage(
                    message.ChatId,
                    parts[i],
                    ParseMode.Html,
                    replyMarkup: i == parts.Count - 1 ? TelegramKeyboards.ToReplyMarkup(body.Keyboard) : null,
                    linkPreviewOptions: message.DisableLinkPreview ? NoPreview : null,
                    protectContent: IsAboutACase(message.Purpose),
                    cancellationToken: cancellationToken);
            }

            return new SendResult.Delivered(last?.Id);
        }
        catch (ApiRequestException e) when (e.IsRateLimited())
        {
            return new SendResult.Throttled(e.RetryAfter() ?? TimeSpan.FromSeconds(1), e.Message);
        }
        catch (ApiRequestException e) when (e.IsChatUnreachable())
        {
            return new SendResult.Unreachable(e.Message);
        }
        catch (ApiRequestException e) when (e.ErrorCode >= 500 || e.IsUnauthorized())
        {
            // A revoked token is an outage for every message, not a fault of this one: keep it queued.
            return new SendResult.TransientFailure($"{e.ErrorCode} {e.Message}");
        }
        catch (ApiRequestException e)
        {
            return new SendResult.Rejected($"{e.ErrorCode} {e.Message}");
        }
        catch (Exception e) when (e is BrokenCircuitException || e.InnerException is BrokenCircuitException)
        {
            // The Bot API kept failing, and calls fail at once until the break ends: try again then, as after a 429,
            // rather than backing each queued row off further with every instant failure (up to a minute after the
            // outage is over).
            return new SendResult.Throttled(TelegramResilience.BreakDuration, "circuit open");
        }
        catch (RequestException e)
        {
            // No answer from the Bot API (network, timeout) or one that is not its JSON (a proxy's page).
            return new SendResult.TransientFailure(e.Message);
        }
    }
}
