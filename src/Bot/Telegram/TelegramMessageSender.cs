using ChildCare.Core.Messaging;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// Sends outbox rows with sendMessage. Texts longer than Telegram's 4096 characters go as several messages,
/// the keyboard under the last; should a later part fail, the retry sends the earlier parts again.
/// </summary>
internal sealed class TelegramMessageSender(TelegramBotClient client) : IMessageSender
{
    public string Channel => OutboxMessage.TelegramChannel;

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var parts = TelegramText.Split(message.Text);
            Message? last = null;
            for (var i = 0; i < parts.Count; i++)
            {
                last = await client.SendMessageAsync(new SendMessageRequest(
                    message.ChatId,
                    parts[i],
                    ReplyMarkup: i == parts.Count - 1 ? TelegramKeyboards.ToReplyMarkup(Keyboard.FromJson(message.KeyboardJson)) : null,
                    LinkPreviewOptions: message.DisableLinkPreview ? LinkPreviewOptions.Disabled : null), cancellationToken);
            }

            return new SendResult.Delivered(last?.MessageId);
        }
        catch (TelegramApiException e) when (e.IsRateLimited)
        {
            return new SendResult.Throttled(e.RetryAfter ?? TimeSpan.FromSeconds(1), e.Description);
        }
        catch (TelegramApiException e) when (e.IsChatUnreachable)
        {
            return new SendResult.Unreachable(e.Description);
        }
        catch (TelegramApiException e) when (e.ErrorCode >= 500 || e.IsUnauthorized)
        {
            // A revoked token is an outage for every message, not a fault of this one: keep it queued.
            return new SendResult.TransientFailure($"{e.ErrorCode} {e.Description}");
        }
        catch (TelegramApiException e)
        {
            return new SendResult.Rejected($"{e.ErrorCode} {e.Description}");
        }
        catch (TelegramTransportException e)
        {
            return new SendResult.TransientFailure(e.Message);
        }
    }
}
