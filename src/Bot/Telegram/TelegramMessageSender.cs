using ChildCare.Core.Cases;
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

    /// <summary>Telegram's limit of photos in one album.</summary>
    private const int MaxAlbum = 10;

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            if (message.Purpose == MessagePurposes.CasePhotos)
            {
                return new SendResult.Delivered(await SendPhotosAsync(message, cancellationToken));
            }

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
                    // What officials are told about a case cannot be forwarded or saved from Telegram, as sign-in
                    // links cannot: a child's name and address must not travel on from an official's chat.
                    protectContent: MessagePurposes.IsAboutACase(message.Purpose),
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

    /// <summary>
    /// A report's photos by the file_id Telegram gave when the reporter sent them (or the address Zalo gave), never
    /// uploaded again: one sendPhoto, or albums of up to ten, the caption on the first, all protected.
    /// </summary>
    private async Task<long?> SendPhotosAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var (caption, photos) = CasePhotoMessage.Read(message.Text);
        if (photos.Count == 1)
        {
            var sent = await client.SendPhoto(message.ChatId, Photo(photos[0]), caption, ParseMode.Html, protectContent: true, cancellationToken: cancellationToken);
            return sent.Id;
        }

        long? first = null;
        foreach (var album in photos.Chunk(MaxAlbum))
        {
            var media = album.Select((p, i) => new InputMediaPhoto(Photo(p))
            {
                Caption = first is null && i == 0 ? caption : null,
                ParseMode = ParseMode.Html,
            }).ToArray();
            var sent = await client.SendMediaGroup(message.ChatId, media, protectContent: true, cancellationToken: cancellationToken);
            first ??= sent.Length > 0 ? sent[0].Id : 0;
        }

        return first;
    }

    private static InputFile Photo(string source) =>
        CasePhoto.IsTelegramFileId(source) ? InputFile.FromFileId(source) : InputFile.FromUri(new Uri(source));
}
