using System.Text.Json;
using ChildCare.Bot.Resources;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// The one handler behind polling and the webhook: both only store updates in the inbox, and the inbox
/// processor calls this. Replies go through the outbox like every other message.
/// </summary>
internal sealed partial class TelegramUpdateHandler(
    IOutbox outbox,
    OutboxStore reachability,
    TelegramBotClient client,
    ILogger<TelegramUpdateHandler> logger) : IInboundHandler
{
    public const string ChannelName = OutboxMessage.TelegramChannel;

    public string Channel => ChannelName;

    public async Task HandleAsync(InboundUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        Update parsed;
        try
        {
            parsed = TelegramJson.ParseUpdate(update.Payload ?? "null");
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
            await client.AnswerCallbackQueryAsync(new AnswerCallbackQueryRequest(callback.Id), cancellationToken);
        }
        else if (parsed.Message is { Chat.Type: "private" } message)
        {
            await ReplyAsync(message, cancellationToken);
        }
    }

    private async Task ReplyAsync(Message message, CancellationToken cancellationToken)
    {
        var language = Languages.FromCode(message.From?.LanguageCode);
        var text = message.Text?.Trim() ?? "";
        var isStart = text.StartsWith("/start", StringComparison.OrdinalIgnoreCase);
        var reply = BotTexts.Get(isStart ? "Welcome" : "Help", language);

        // One reply per received message, even if the update is handled again after a crash.
        await outbox.EnqueueAsync(
            [new OutboundMessage(message.Chat.Id, reply, MessagePriority.Reply, "reply", DedupKey: $"tg-reply:{message.Chat.Id}:{message.MessageId}")],
            cancellationToken);
    }

    private async Task OnMembershipAsync(ChatMemberUpdated member, CancellationToken cancellationToken)
    {
        switch (member.NewChatMember.Status)
        {
            case "kicked" or "left":
                await reachability.MarkUnreachableAsync(ChannelName, member.Chat.Id, $"bot {member.NewChatMember.Status}", cancellationToken);
                LogReachability(member.Chat.Id > 0 ? "private" : "group", "blocked or removed the bot");
                break;
            case "member" or "administrator":
                await reachability.MarkReachableAsync(ChannelName, member.Chat.Id, cancellationToken);
                LogReachability(member.Chat.Id > 0 ? "private" : "group", "unblocked or added the bot");
                break;
            default:
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram: update {UpdateId} is malformed ({Error}); skipped")]
    private partial void LogMalformed(long updateId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram: a {ChatKind} chat {Change}")]
    private partial void LogReachability(string chatKind, string change);
}
