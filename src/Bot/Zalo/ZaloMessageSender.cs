using System.Text.Json.Nodes;
using ChildCare.Bot.Resources;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;

namespace ChildCare.Bot.Zalo;

/// <summary>
/// Sends outbox rows of the <c>zalo</c> channel (docs/zalo.md): inside the customer-service window as a
/// customer-service message (buttons as quick actions or numbered choices); outside it as a ZNS template when one
/// is configured and the person gave a phone number, otherwise the chat is marked "not reachable on Zalo now"
/// until the person writes again. A refused token is refreshed once (across nodes) and the send tried again.
/// </summary>
internal sealed partial class ZaloMessageSender(
    ZaloApiClient api,
    ZaloTokens tokens,
    ZaloUsers users,
    ZaloSettings settings,
    OutboxStore reachability,
    ConversationEngine conversations,
    TimeProvider time,
    OutboxShare share,
    ILogger<ZaloMessageSender> logger) : IMessageSender
{
    /// <summary>The reason stored with an unreachable chat when the window is closed (the dashboard shows it).</summary>
    public const string OutsideWindowReason = "zalo: outside the customer-service window";

    public const string NotFollowingReason = "zalo: does not follow the OA";

    /// <summary>The reason stored once a ZNS template told the person to write: one template per closed window, not one per message.</summary>
    public const string ToldByTemplateReason = "zalo: outside the window, told by a ZNS template";

    // The OA's own rate, of which this node passes its share of the outbox's parts (OutboxShare), as Telegram's gate does.
    private readonly SendRateGate _rate = Shared(new SendRateGate(MessagingSettings.Default with { GlobalPerSecond = settings.PerSecond }, time), share);

    public string Channel => OutboxMessage.ZaloChannel;

    private static SendRateGate Shared(SendRateGate gate, OutboxShare share)
    {
        share.Attach(gate);
        return gate;
    }

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var user = await users.FindAsync(message.ChatId, cancellationToken);
        if (user is null)
        {
            return new SendResult.Rejected("no Zalo user for this chat");
        }

        if (string.IsNullOrWhiteSpace(message.Text))
        {
            return new SendResult.Rejected("empty text");
        }

        // A report's photos go to Telegram only (by its file_id, protected): Zalo cannot stop an image being forwarded
        // or saved, so its officials open them on the web case page. Never their file ids as a text.
        if (message.Purpose == MessagePurposes.CasePhotos)
        {
            return new SendResult.Rejected("case photos are not sent on Zalo");
        }

        try
        {
            var since = time.GetUtcNow() - (user.LastInboundAt ?? DateTimeOffset.MinValue);
            var inWindow = user.LastInboundAt is not null && since < settings.Window && (settings.SendPaidInWindow || since < settings.FreeWindow);
            return inWindow
                ? await SendCustomerServiceAsync(message, user.ExternalId, cancellationToken)
                : await OutsideWindowAsync(user, cancellationToken);
        }
        catch (ZaloApiException e) when (e.ErrorCode == ZaloApiException.RateLimited)
        {
            _rate.Pause(settings.RateLimitPause);
            return new SendResult.Throttled(settings.RateLimitPause, e.Description);
        }
        catch (ZaloApiException e) when (e.ErrorCode == ZaloApiException.NotFollower)
        {
            return new SendResult.Unreachable(NotFollowingReason);
        }
        catch (ZaloApiException e) when (e.ErrorCode == ZaloApiException.OutsideWindow)
        {
            // Zalo's clock disagrees with ours: its word counts.
            return await OutsideWindowAsync(user, cancellationToken);
        }
        catch (ZaloApiException e) when (e.IsTokenProblem)
        {
            // Refreshed once already: an outage of the credentials, not a fault of this message.
            return new SendResult.TransientFailure($"{e.ErrorCode} token refused after a refresh");
        }
        catch (ZaloApiException e)
        {
            return new SendResult.Rejected($"{e.ErrorCode} {e.Description}");
        }
        catch (ZaloTransportException e)
        {
            return new SendResult.TransientFailure(e.Message);
        }
    }

    private async Task<SendResult> SendCustomerServiceAsync(OutboxMessage message, string userId, CancellationToken cancellationToken)
    {
        var language = await conversations.LanguageAsync(Channel, message.ChatId, Language.Vi, cancellationToken);
        var reply = message.Body;
        var rendered = ZaloButtons.Render(ZaloText.FromReply(reply), reply.Keyboard, language);
        var parts = ZaloText.Split(rendered.Text, ZaloSettings.MaxTextLength);
        string? last = null;
        for (var i = 0; i < parts.Count; i++)
        {
            var body = new JsonObject
            {
                ["recipient"] = new JsonObject { ["user_id"] = userId },
                ["message"] = new JsonObject { ["text"] = parts[i] },
            };
            if (i == parts.Count - 1 && rendered.Buttons is { } buttons)
            {
                body["message"]!["attachment"] = new JsonObject
                {
                    ["type"] = "template",
                    ["payload"] = new JsonObject { ["buttons"] = buttons },
                };
            }

            last = await WithTokenAsync((token, ct) => api.SendCustomerServiceAsync(token, body, ct), cancellationToken);
        }

        // What a bare number means from now on: these choices, or nothing.
        await users.OfferChoicesAsync(message.ChatId, rendered.Choices, cancellationToken);
        return new SendResult.Delivered(null);
    }

    private async Task<SendResult> OutsideWindowAsync(Core.Messaging.ChannelUser user, CancellationToken cancellationToken)
    {
        if (settings.ZnsTemplateId is { } template && users.PhoneOf(user) is { } phone)
        {
            var language = await conversations.LanguageAsync(Channel, user.ChatId, Language.Vi, cancellationToken);
            var body = new JsonObject
            {
                ["phone"] = phone,
                ["template_id"] = template,
                ["template_data"] = new JsonObject { [settings.ZnsTemplateParameter] = BotTexts.Get("ZaloZnsNotice", language) },
                ["tracking_id"] = Guid.NewGuid().ToString("N"),
            };
            await WithTokenAsync((token, ct) => api.SendTemplateAsync(token, body, ct), cancellationToken);
            LogSentByTemplate();
            // Each template is paid and says the same: later messages wait for the person to write (then the chat is
            // reachable again), and the dashboard shows them not reachable on Zalo meanwhile.
            await reachability.MarkUnreachableAsync(Channel, user.ChatId, ToldByTemplateReason, cancellationToken);
            return new SendResult.Delivered(null);
        }

        return new SendResult.Unreachable(OutsideWindowReason);
    }

    private async Task<string?> WithTokenAsync(Func<string, CancellationToken, Task<string?>> call, CancellationToken cancellationToken)
    {
        var (token, version) = await tokens.AccessTokenAsync(cancellationToken);
        await _rate.WaitAsync(cancellationToken);
        try
        {
            return await call(token, cancellationToken);
        }
        catch (ZaloApiException e) when (e.IsTokenProblem)
        {
            LogTokenRefused(e.ErrorCode);
            var fresh = await tokens.RefreshAsync(version, cancellationToken);
            await _rate.WaitAsync(cancellationToken);
            return await call(fresh, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Zalo: the access token was refused ({ErrorCode}); refreshing it once")]
    private partial void LogTokenRefused(int errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Zalo: a message outside the window went as a ZNS template")]
    private partial void LogSentByTemplate();
}
