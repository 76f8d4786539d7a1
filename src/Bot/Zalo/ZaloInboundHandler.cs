using System.Text.Json;
using ChildCare.Core.Chat;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;

namespace ChildCare.Bot.Zalo;

/// <summary>
/// Handles stored Zalo events (the webhook only stores them): one <c>switch</c> over the event; a message or a tap
/// (a quick action, or a number picking an offered choice) becomes a <see cref="ChatInput"/> for the
/// <see cref="ChatRouter"/>, in Vietnamese first, and the replies go to the outbox. Every message or tap restarts the
/// person's messaging window; <c>unfollow</c> makes the chat unreachable, <c>follow</c> reachable again.
/// </summary>
internal sealed partial class ZaloInboundHandler(
    ReplyOutbox outbox,
    OutboxStore reachability,
    ZaloUsers users,
    ChatRouter router,
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
        var input = ButtonOf(parsed, user) is { } data ? ConversationInput.FromButton(data) : InputOf(parsed, Typed(parsed, user));
        var outcome = await router.RouteAsync(new ChatInput(person, input, key), cancellationToken);

        // One reply per received event, even if it is handled again after a crash.
        await ChatRouter.EnqueueAsync(outbox, outcome.Messages, key, cancellationToken);
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

    /// <summary>What the person typed: a number picking a reply keyboard's button stands for typing that button's text.</summary>
    private static string? Typed(ZaloEvent parsed, ChannelUser? user) =>
        parsed.Text is { } typed && user is not null && ZaloUsers.Choice(user, typed) is { } choice && choice.StartsWith(ZaloButtons.TextChoice, StringComparison.Ordinal)
            ? choice[ZaloButtons.TextChoice.Length..]
            : parsed.Text;

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zalo: event {UpdateId} is malformed ({Error}); skipped")]
    private partial void LogMalformed(long updateId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Zalo: a person {Change}")]
    private partial void LogReachability(string change);
}
