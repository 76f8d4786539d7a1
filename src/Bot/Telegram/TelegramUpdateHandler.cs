using System.Text.Json;
using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Deadlines;
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
/// processor calls this. Officials' commands and reminder buttons go to the <see cref="OfficialDesk"/> and <see cref="ReminderDesk"/>,
/// everything else to the help desk's <see cref="ConversationEngine"/>. Replies go through the outbox like
/// every other message, except a sign-in link (see <see cref="SignInAsync"/>).
/// </summary>
internal sealed partial class TelegramUpdateHandler(
    IOutbox outbox,
    OutboxStore reachability,
    ITelegramBotClient client,
    OfficialDesk desk,
    ReminderDesk reminders,
    ConversationEngine conversations,
    CaseChat cases,
    PlanChat plans,
    OfficialSignIn signIn,
    WebSettings web,
    TimeProvider time,
    ILogger<TelegramUpdateHandler> logger) : IInboundHandler
{
    public const string ChannelName = OutboxMessage.TelegramChannel;

    /// <summary>Telegram takes the answer to a tap for seconds only; trying longer would hold up the chats behind it.</summary>
    private static readonly TimeSpan AnswerTapWithin = TimeSpan.FromSeconds(10);

    /// <summary>How often a sign-in link is tried when Telegram says "too many requests".</summary>
    private const int SignInAttempts = 4;

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
        var (command, argument) = ReadCommand(message.Text);

        // An official asked for a reason or a note about a case: their next text is it; a command drops the question.
        var key = $"tg-reply:{message.Chat.Id}:{message.Id}";
        if (command.Length > 0)
        {
            await cases.ForgetAsync(person, cancellationToken);
        }
        else if (message.Text is { Length: > 0 } typed && await cases.IsWaitingAsync(person, cancellationToken))
        {
            await EnqueueAsync(await cases.OnTextAsync(person, typed, cancellationToken), key, cancellationToken);
            return;
        }

        // An official's plan (a file, a correction of the draft, pasted text) before the help desk.
        var planReplies = command.Length == 0 ? await PlanAsync(person, message, cancellationToken) : null;
        IReadOnlyList<OutboundMessage> replies = planReplies ?? command switch
        {
            "start" when argument?.StartsWith(JoinPrefix, StringComparison.OrdinalIgnoreCase) == true =>
                await desk.JoinAsync(person, argument[JoinPrefix.Length..], cancellationToken),
            "join" => await desk.JoinAsync(person, argument, cancellationToken),
            "deadlines" or "hanchot" => await reminders.UpcomingAsync(person, cancellationToken),
            "unsubscribe" => await desk.UnsubscribeAsync(person, cancellationToken),
            "login" or "dangnhap" => await SignInAsync(person, cancellationToken),
            "kehoach" or "plan" => await plans.CommandAsync(person, argument, cancellationToken),
            _ => await ConverseAsync(person, InputOf(message), key, cancellationToken),
        };

        // One reply per received message, even if the update is handled again after a crash.
        await EnqueueAsync(replies, key, cancellationToken);
    }

    /// <summary>
    /// <c>/login</c>: a one-time sign-in link for an official, or a polite no. The link is sent here and now rather
    /// than through the outbox, whose rows keep their text: the database holds only the token's hash, so a copy
    /// of it opens nothing. Should this update be handled again after a crash, the new link replaces this one.
    /// </summary>
    private async Task<IReadOnlyList<OutboundMessage>> SignInAsync(ChatPerson person, CancellationToken cancellationToken)
    {
        var link = await signIn.IssueLinkAsync(ChannelName, person.ChatId, cancellationToken);
        if (link is null)
        {
            return [new OutboundMessage(person.ChatId, BotTexts.Get("LoginNotOfficial", person.Language), MessagePriority.Reply, "sign-in")];
        }

        var text = BotTexts.Format("LoginLink", person.Language,
            MessageHtml.Escape(web.Link(SignInEndpoints.PagePath + "/" + link.Token).AbsoluteUri), (int)OfficialSignIn.LinkLifetime.TotalMinutes);
        // Not through the outbox, so not behind its per-chat pacing either: the reply just before may still hold the
        // chat's one message a second. A 429 here is waited out (a few times) rather than failing the update, which
        // would issue a second link.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // No preview: a preview is Telegram's servers opening the link, which would spend it.
                await client.SendMessage(person.ChatId, text, ParseMode.Html, linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, protectContent: true, cancellationToken: cancellationToken);
                return [];
            }
            catch (ApiRequestException e) when (e.IsRateLimited() && attempt < SignInAttempts)
            {
                await Task.Delay(e.RetryAfter() ?? TimeSpan.FromSeconds(1), time, cancellationToken);
            }
            catch (ApiRequestException e) when (e.IsChatUnreachable())
            {
                LogSignInUndelivered(e.ErrorCode);
                return [];
            }
        }
    }

    /// <summary>
    /// A plan from an official: a .docx or .txt sent as a document (fetched with getFile, at most
    /// <see cref="PlanDocument.MaxBytes"/>), or text that belongs to plan import. Null: the help desk's message.
    /// </summary>
    private async Task<IReadOnlyList<OutboundMessage>?> PlanAsync(ChatPerson person, Message message, CancellationToken cancellationToken)
    {
        if (message.Document is { } document)
        {
            if (!await plans.IsOfficialAsync(person, cancellationToken))
            {
                return null;
            }

            if (!PlanDocument.IsSupported(document.FileName, document.MimeType))
            {
                return PlanChat.Problem(person, PlanDocument.Problem.Unsupported);
            }

            if (document.FileSize > PlanDocument.MaxBytes)
            {
                return PlanChat.Problem(person, PlanDocument.Problem.TooLarge);
            }

            byte[] content;
            try
            {
                content = await DownloadAsync(document.FileId, cancellationToken);
            }
            catch (InvalidOperationException)
            {
                return PlanChat.Problem(person, PlanDocument.Problem.TooLarge);
            }
            catch (ApiRequestException e)
            {
                // Telegram will not give the file (too big for bots, gone): say so rather than retry.
                LogFileRefused(e.ErrorCode);
                return PlanChat.Problem(person, PlanDocument.Problem.Unreadable);
            }

            var (text, problem) = PlanDocument.Read(content, document.FileName, document.MimeType);
            return text is null ? PlanChat.Problem(person, problem) : await plans.ReviewAsync(person, text, pasted: false, cancellationToken);
        }

        return message.Text is { Length: > 0 } typed ? await plans.OnTextAsync(person, typed, cancellationToken) : null;
    }

    /// <summary>
    /// A plan file through getFile and its download, at most <see cref="PlanDocument.MaxBytes"/>: throws
    /// InvalidOperationException when Telegram reports or sends more.
    /// </summary>
    private async Task<byte[]> DownloadAsync(string fileId, CancellationToken cancellationToken)
    {
        var file = await client.GetFile(fileId, cancellationToken);
        if (file.FileSize > PlanDocument.MaxBytes || file.FilePath is null)
        {
            throw new InvalidOperationException($"The file is {file.FileSize} bytes; at most {PlanDocument.MaxBytes} are accepted.");
        }

        using var content = new BoundedBuffer(PlanDocument.MaxBytes);
        try
        {
            await client.DownloadFile(file.FilePath, content, cancellationToken);
        }
        catch (RequestException e) when (e.InnerException is InvalidOperationException tooLarge)
        {
            throw tooLarge;
        }

        return content.ToArray();
    }

    /// <summary>The help desk's answer to a message or tap.</summary>
    /// <param name="person">Who wrote.</param>
    /// <param name="input">What they wrote or tapped.</param>
    /// <param name="key">The received message or tap: an update handled again after a crash (the conversation already
    /// moved on, the update not yet marked done) gets the answer it got the first time instead of being taken twice.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    private async Task<IReadOnlyList<OutboundMessage>> ConverseAsync(ChatPerson person, ConversationInput input, string key, CancellationToken cancellationToken)
    {
        var result = await conversations.HandleAsync(ChannelName, person.ChatId, input, person.Language, cancellationToken, inputId: key);
        return [.. result.Replies.Select(r => new OutboundMessage(person.ChatId, r.Html, MessagePriority.Reply, "conversation", r.Keyboard))];
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
        var replies = ReminderTexts.TryReadCallback(data, out var action, out var occurrenceId)
            ? await reminders.ActAsync(person, action, occurrenceId, cancellationToken)
            : CaseChat.IsCaseButton(data)
                ? await cases.OnButtonAsync(person, data, cancellationToken)
                : PlanChat.IsPlanButton(data)
                    ? await plans.OnButtonAsync(person, data, cancellationToken)
                    : await ConverseAsync(person, ConversationInput.FromButton(data), key, cancellationToken);
        await EnqueueAsync(replies, key, cancellationToken);
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

    private Task<int> EnqueueAsync(IReadOnlyList<OutboundMessage> replies, string key, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(
            [.. replies.Select((reply, i) => reply.DedupKey is null ? reply with { DedupKey = FormattableString.Invariant($"{key}:{i}") } : reply)],
            cancellationToken);

    private const string JoinPrefix = "join-";

    /// <summary>"/join@ChildCareBot ABC" → ("join", "ABC"); not a command → ("", null).</summary>
    internal static (string Command, string? Argument) ReadCommand(string? text) => Conversation.ReadCommand(text ?? "");

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram: a sign-in link could not be delivered ({ErrorCode}); the chat is unreachable")]
    private partial void LogSignInUndelivered(int errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram: a plan file was not given by getFile or its download ({ErrorCode})")]
    private partial void LogFileRefused(int errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram: a {ChatKind} chat {Change}")]
    private partial void LogReachability(string chatKind, string change);
}
