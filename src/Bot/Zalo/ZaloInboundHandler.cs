using System.Text.Json;
using ChildCare.Bot.Resources;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Plans;

namespace ChildCare.Bot.Zalo;

/// <summary>
/// Handles stored Zalo events (the webhook only stores them): one <c>switch</c> over the event, then the same
/// features as Telegram: officials' commands and buttons to the <see cref="OfficialDesk"/>, <see cref="ReminderDesk"/> and <see cref="CaseChat"/>,
/// everything else to the help desk's <see cref="ConversationEngine"/>, in Vietnamese first. Every message or tap
/// restarts the person's messaging window; <c>unfollow</c> makes the chat unreachable, <c>follow</c> reachable again.
/// </summary>
internal sealed partial class ZaloInboundHandler(
    IOutbox outbox,
    OutboxStore reachability,
    ZaloUsers users,
    OfficialDesk desk,
    ReminderDesk reminders,
    ConversationEngine conversations,
    CaseChat cases,
    PlanChat officials,
    TimeProvider time,
    ILogger<ZaloInboundHandler> logger) : IInboundHandler
{
    public string Channel => OutboxMessage.ZaloChannel;

    public async Task HandleAsync(InboundUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        ZaloEvent? parsed;
        try
        {
            using var document = JsonDocument.Parse(update.Payload ?? "null");
            if (!ZaloEvent.TryParse(document.RootElement, out parsed))
            {
                LogMalformed(update.UpdateId, "not an event");
                return;
            }
        }
        catch (JsonException e)
        {
            LogMalformed(update.UpdateId, e.GetType().Name);
            return;
        }

        if (parsed?.UserId is not { } userId)
        {
            return;
        }

        var chatId = update.ChatId ?? await users.ChatIdOfAsync(userId, cancellationToken);
        switch (parsed.Name)
        {
            case ZaloEvent.Follow:
                await reachability.MarkReachableAsync(Channel, chatId, cancellationToken);
                LogReachability("followed the OA");
                return;
            case ZaloEvent.Unfollow:
                await reachability.MarkUnreachableAsync(Channel, chatId, ZaloMessageSender.NotFollowingReason, cancellationToken);
                LogReachability("unfollowed the OA");
                return;
            default:
                if (!parsed.IsFromUser)
                {
                    return;
                }

                break;
        }

        // The window restarts when the person wrote (never later than now: a sender's clock may run ahead).
        var now = time.GetUtcNow();
        await users.WroteAsync(chatId, parsed.At is { } at && at < now ? at : now, cancellationToken);
        await reachability.MarkReachableAsync(Channel, chatId, cancellationToken);

        var person = new ChatPerson(Channel, chatId, Language.Vi, null);
        var key = FormattableString.Invariant($"zl:{update.UpdateId}");
        var user = await users.FindAsync(chatId, cancellationToken);
        var replies = ButtonOf(parsed, user) is { } data
            ? await OnButtonAsync(person, data, key, cancellationToken)
            : await OnMessageAsync(person, parsed, user, key, cancellationToken);

        // One reply per received event, even if it is handled again after a crash.
        await outbox.EnqueueAsync(
            [.. replies.Select((reply, i) => reply with { DedupKey = reply.DedupKey ?? FormattableString.Invariant($"{key}:{i}"), Channel = Channel })],
            cancellationToken);
    }

    /// <summary>A tap: a quick action's payload, or a bare number picking one of the numbered choices last offered.</summary>
    private static string? ButtonOf(ZaloEvent parsed, ChannelUser? user)
    {
        if (parsed.Name != ZaloEvent.UserSendText || parsed.Text is not { } text)
        {
            return null;
        }

        if (text.StartsWith(ZaloButtons.TapPrefix, StringComparison.Ordinal) && text.Length > ZaloButtons.TapPrefix.Length)
        {
            return text[ZaloButtons.TapPrefix.Length..];
        }

        return user is not null && ZaloUsers.Choice(user, text) is { } choice && choice.StartsWith(ZaloButtons.TapChoice, StringComparison.Ordinal)
            ? choice[ZaloButtons.TapChoice.Length..]
            : null;
    }

    private async Task<IReadOnlyList<OutboundMessage>> OnButtonAsync(ChatPerson person, string data, string key, CancellationToken cancellationToken) =>
        ReminderTexts.TryReadCallback(data, out var action, out var occurrenceId)
            ? await reminders.ActAsync(person, action, occurrenceId, cancellationToken)
            : CaseChat.IsCaseButton(data)
                ? await cases.OnButtonAsync(person, data, cancellationToken)
                : await ConverseAsync(person, ConversationInput.FromButton(data), key, cancellationToken);

    private async Task<IReadOnlyList<OutboundMessage>> OnMessageAsync(ChatPerson person, ZaloEvent parsed, ChannelUser? user, string key, CancellationToken cancellationToken)
    {
        var typed = parsed.Text;
        // A number picking a reply keyboard's button stands for typing that button's text.
        if (typed is not null && user is not null && ZaloUsers.Choice(user, typed) is { } choice && choice.StartsWith(ZaloButtons.TextChoice, StringComparison.Ordinal))
        {
            typed = choice[ZaloButtons.TextChoice.Length..];
        }

        var (command, argument) = Conversation.ReadCommand(typed ?? "");
        if (command.Length > 0)
        {
            await cases.ForgetAsync(person, cancellationToken);
        }
        else if (parsed.Name == ZaloEvent.UserSendText && typed is { Length: > 0 } text && await cases.IsWaitingAsync(person, cancellationToken))
        {
            return await cases.OnTextAsync(person, text, cancellationToken);
        }

        return command switch
        {
            "start" when argument?.StartsWith("join-", StringComparison.OrdinalIgnoreCase) == true => await desk.JoinAsync(person, argument[5..], cancellationToken),
            "join" or "thamgia" => await desk.JoinAsync(person, argument, cancellationToken),
            "deadlines" or "hanchot" => await reminders.UpcomingAsync(person, cancellationToken),
            "unsubscribe" => await desk.UnsubscribeAsync(person, cancellationToken),
            "sdt" or "phone" => await PhoneAsync(person, argument, cancellationToken),
            // Zalo may open a link to preview it, which would spend a one-time sign-in link: not on this channel.
            "login" or "dangnhap" => [Say(person, BotTexts.Get("ZaloLoginElsewhere", person.Language))],
            _ => await ConverseAsync(person, InputOf(parsed, typed), key, cancellationToken),
        };
    }

    /// <summary><c>/sdt 09…</c>: an official's phone number, for ZNS templates when the window is closed.</summary>
    private async Task<IReadOnlyList<OutboundMessage>> PhoneAsync(ChatPerson person, string? argument, CancellationToken cancellationToken)
    {
        if (!await officials.IsOfficialAsync(person, cancellationToken))
        {
            return [Say(person, BotTexts.Get("ZaloPhoneOfficialsOnly", person.Language))];
        }

        if (argument is null || PhoneNumbers.Normalise(argument) is not { } phone)
        {
            return [Say(person, BotTexts.Get("ZaloPhoneInvalid", person.Language))];
        }

        // ZNS wants the international form: 0912… → 84912….
        await users.SetPhoneAsync(person.ChatId, "84" + phone[1..], cancellationToken);
        return [Say(person, BotTexts.Get("ZaloPhoneSaved", person.Language))];
    }

    private async Task<IReadOnlyList<OutboundMessage>> ConverseAsync(ChatPerson person, ConversationInput input, string key, CancellationToken cancellationToken)
    {
        var result = await conversations.HandleAsync(Channel, person.ChatId, input, person.Language, cancellationToken, inputId: key);
        return [.. result.Replies.Select(r => new OutboundMessage(person.ChatId, r.Html, MessagePriority.Reply, "conversation", r.Keyboard, Channel: Channel))];
    }

    /// <summary>What the help desk takes from an event: a photo (its address) with its caption, a location, or text.</summary>
    internal static ConversationInput InputOf(ZaloEvent parsed, string? typed)
    {
        if (parsed.Name == ZaloEvent.UserSendImage && parsed.ImageUrls.Count > 0)
        {
            return ConversationInput.FromPhoto(parsed.ImageUrls[0], parsed.Text);
        }

        if (parsed.Location is { } location)
        {
            return ConversationInput.FromLocation(location.Latitude, location.Longitude);
        }

        return parsed.Name == ZaloEvent.UserSendText && typed is not null ? ConversationInput.FromText(typed) : new ConversationInput(InputKind.Other);
    }

    private OutboundMessage Say(ChatPerson person, string text) => new(person.ChatId, text, MessagePriority.Reply, "official", Channel: Channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zalo: event {UpdateId} is malformed ({Error}); skipped")]
    private partial void LogMalformed(long updateId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Zalo: a person {Change}")]
    private partial void LogReachability(string change);
}
