using System.Text.Json;
using ChildCare.Core.Chat;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Plans;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// The one handler behind polling and the webhook: both only store updates in the inbox, and the inbox
/// processor calls this. It only translates: a message or a tap becomes a <see cref="ChatInput"/> for the
/// <see cref="ChatRouter"/>, which decides the feature; the replies go through the outbox like every other
/// message (a sign-in link excepted, see <see cref="TelegramSignInChat"/>). Membership changes mark the chat
/// reachable or not.
/// </summary>
internal sealed partial class TelegramUpdateHandler(
    ReplyOutbox outbox,
    OutboxStore reachability,
    ITelegramBotClient client,
    ChatRouter router,
    TimeProvider time,
    ILogger<TelegramUpdateHandler> logger) : IInboundHandler
{
    public const string ChannelName = OutboxMessage.TelegramChannel;

    /// <summary>Telegram takes the answer to a tap for seconds only; trying longer would hold up the chats behind it.</summary>
    private static readonly TimeSpan AnswerTapWithin = TimeSpan.FromSeconds(10);

    public string Channel => ChannelName;

    public async Task HandleAsync(InboundUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        Update parsed;
        try
        {
            parsed = TelegramInbound.Parse(update.Payload ?? "null");
        }
        catch (JsonException e)
        {
            // It will not parse next time either: skip it, say so, and keep its content out of the log.
            LogMalformed(update.UpdateId, e.GetType().Name);
            return;
        }

        if (parsed.MyChatMember is { } member)
        {
            await OnMembershipAsync(member, cancellationToken);
        }
        else if (parsed.CallbackQuery is { } callback)
        {
            await OnCallbackAsync(callback, cancellationToken);
        }
        else if (parsed.Message is { Chat.Type: ChatType.Private } message)
        {
            await ReplyAsync(message, cancellationToken);
        }
    }

    private async Task ReplyAsync(Message message, CancellationToken cancellationToken)
    {
        var person = new ChatPerson(ChannelName, message.Chat.Id, Languages.FromCode(message.From?.LanguageCode), message.From?.FirstName);
        var key = $"tg-reply:{message.Chat.Id}:{message.Id}";
        var input = new ChatInput(person, InputOf(message), key)
        {
            Document = message.Document is { } document
                ? new ChatDocument(document.FileName, document.MimeType, document.FileSize, ct => DownloadAsync(document.FileId, ct))
                : null,
        };

        // One reply per received message, even if the update is handled again after a crash.
        var outcome = await router.RouteAsync(input, cancellationToken);
        await ChatRouter.EnqueueAsync(outbox, outcome.Messages, key, cancellationToken);
    }

    /// <summary>
    /// A plan file through getFile and its download, at most <see cref="PlanDocument.MaxBytes"/>: too large when
    /// Telegram reports or sends more, nothing when it will not give the file (too big for bots, gone).
    /// </summary>
    private async Task<ChatDownload> DownloadAsync(string fileId, CancellationToken cancellationToken)
    {
        try
        {
            var file = await client.GetFile(fileId, cancellationToken);
            if (file.FileSize > PlanDocument.MaxBytes || file.FilePath is null)
            {
                return new ChatDownload(null, TooLarge: true);
            }

            using var content = new BoundedBuffer(PlanDocument.MaxBytes);
            await client.DownloadFile(file.FilePath, content, cancellationToken);
            return new ChatDownload(content.ToArray());
        }
        catch (RequestException e) when (e.InnerException is InvalidOperationException)
        {
            return new ChatDownload(null, TooLarge: true);
        }
        catch (InvalidOperationException)
        {
            return new ChatDownload(null, TooLarge: true);
        }
        catch (ApiRequestException e)
        {
            // Said, not retried.
            LogFileRefused(e.ErrorCode);
            return new ChatDownload(null);
        }
    }

    /// <summary>What the help desk takes from a message: a photo (the largest size) with its caption, a location, a contact, or text.</summary>
    internal static ConversationInput InputOf(Message message)
    {
        if (message.Photo is { Length: > 0 } sizes)
        {
            return ConversationInput.FromPhoto(sizes.MaxBy(p => p.Width * p.Height)!.FileId, message.Caption);
        }

        if (message.Location is { } location)
        {
            return ConversationInput.FromLocation(location.Latitude, location.Longitude);
        }

        if (message.Contact is { } contact)
        {
            return ConversationInput.FromContact(contact.PhoneNumber);
        }

        return message.Text is { } text ? ConversationInput.FromText(text) : new ConversationInput(InputKind.Other);
    }

    private async Task OnCallbackAsync(CallbackQuery callback, CancellationToken cancellationToken)
    {
        await AnswerTapAsync(callback.Id, cancellationToken);
        if (callback.Message?.Chat is not { Type: ChatType.Private } chat || callback.Data is not { Length: > 0 } data)
        {
            return;
        }

        var person = new ChatPerson(ChannelName, chat.Id, Languages.FromCode(callback.From.LanguageCode), callback.From.FirstName);
        var key = $"tg-callback:{callback.Id}";
        var outcome = await router.RouteAsync(new ChatInput(person, ConversationInput.FromButton(data), key), cancellationToken);
        await ChatRouter.EnqueueAsync(outbox, outcome.Messages, key, cancellationToken);
    }

    /// <summary>
    /// Answers a tap first, so the button stops spinning whatever happens next. A courtesy, never a condition: a tap
    /// handled late (after a restart, behind a backlog, through an outage of the Bot API) is one Telegram no longer
    /// takes an answer for ("query is too old"), and it must be handled all the same.
    /// </summary>
    private async Task AnswerTapAsync(string callbackId, CancellationToken cancellationToken)
    {
        using var within = new CancellationTokenSource(AnswerTapWithin, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, within.Token);
        try
        {
            await client.AnswerCallbackQuery(callbackId, cancellationToken: linked.Token);
        }
        catch (ApiRequestException e)
        {
            LogTapUnanswered(e.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is RequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogTapUnanswered(e.GetType().Name);
        }
    }

    private async Task OnMembershipAsync(ChatMemberUpdated member, CancellationToken cancellationToken)
    {
        switch (member.NewChatMember.Status)
        {
            case ChatMemberStatus.Kicked or ChatMemberStatus.Left:
                await reachability.MarkUnreachableAsync(ChannelName, member.Chat.Id, member.NewChatMember.Status == ChatMemberStatus.Kicked ? "bot kicked" : "bot left", cancellationToken);
                LogReachability(member.Chat.Id > 0 ? "private" : "group", "blocked or removed the bot");
                break;
            case ChatMemberStatus.Member or ChatMemberStatus.Administrator:
                await reachability.MarkReachableAsync(ChannelName, member.Chat.Id, cancellationToken);
                LogReachability(member.Chat.Id > 0 ? "private" : "group", "unblocked or added the bot");
                break;
            default:
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram: update {UpdateId} is malformed ({Error}); skipped")]
    private partial void LogMalformed(long updateId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram: a tap could not be answered ({Reason}); handling it all the same")]
    private partial void LogTapUnanswered(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram: a plan file was not given by getFile or its download ({ErrorCode})")]
    private partial void LogFileRefused(int errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram: a {ChatKind} chat {Change}")]
    private partial void LogReachability(string chatKind, string change);
}
