using System.Net;
using System.Text.Json;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.WebPush;

/// <summary>
/// The outbox's sender for Web Push endpoints (channel <see cref="DeliveryEndpoint.WebPushKind"/>, chat = the
/// endpoint's id): the message's text and its buttons as a notification, encrypted for the browser (aes128gcm,
/// RFC 8291) and signed with the VAPID key. A button's tap comes back to <see cref="WebPushEndpoints.ActionPath"/>
/// with the endpoint's secret, and goes where a Telegram tap goes.
/// </summary>
internal sealed class WebPushSender(
    HttpClient http, VapidKeys keys, WebPushSettings settings, WebSettings web,
    IDbContextFactory<ChildCareDbContext> contexts, Sealer sealer) : IMessageSender
{
    // Browsers show two action buttons at most; the rest of the message is one tap away on the site.
    private const int MaxActions = 2;

    public string Channel => DeliveryEndpoint.WebPushKind;

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await db.DeliveryEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == message.ChatId, cancellationToken);
        if (endpoint?.SealedKeys is null)
        {
            return new SendResult.Unreachable("the push subscription was removed");
        }

        var context = DeliveryEndpoint.SealContext(endpoint.Address);
        var browserKeys = sealer.Open(endpoint.SealedKeys, context).Split(' ');
        var subscription = new PushSubscription { Endpoint = endpoint.Address };
        subscription.SetKey(PushEncryptionKeyName.P256DH, browserKeys[0]);
        subscription.SetKey(PushEncryptionKeyName.Auth, browserKeys[1]);
        var payload = Payload(message, endpoint.Id, sealer.Open(endpoint.SealedActionSecret, context));
        var client = new PushServiceClient(http)
        {
            DefaultAuthentication = new VapidAuthentication(keys.PublicKey, keys.PrivateKey) { Subject = settings.Subject },
            DefaultAuthenticationScheme = VapidAuthenticationScheme.Vapid,
        };
        try
        {
            await client.RequestPushMessageDeliveryAsync(
                subscription,
                new PushMessage(payload) { Urgency = message.Priority == (int)MessagePriority.Urgent ? PushMessageUrgency.High : PushMessageUrgency.Normal, TimeToLive = (int)TimeSpan.FromDays(2).TotalSeconds },
                cancellationToken);
            return new SendResult.Delivered(null);
        }
        catch (PushServiceClientException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            // The browser unsubscribed or the subscription expired: forget the endpoint (the official subscribes again).
            await db.DeliveryEndpoints.Where(x => x.Id == endpoint.Id).ExecuteDeleteAsync(cancellationToken);
            return new SendResult.Unreachable($"{(int)e.StatusCode} subscription gone");
        }
        catch (PushServiceClientException e) when (e.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return new SendResult.Throttled(TimeSpan.FromSeconds(30), "429 from the push service");
        }
        catch (PushServiceClientException e) when ((int)e.StatusCode >= 500)
        {
            return new SendResult.TransientFailure($"{(int)e.StatusCode} from the push service");
        }
        catch (PushServiceClientException e)
        {
            return new SendResult.Rejected($"{(int)e.StatusCode} from the push service");
        }
        catch (HttpRequestException e)
        {
            return new SendResult.TransientFailure(e.GetType().Name);
        }
    }

    /// <summary>What the service worker shows: the same text as in Telegram without its markup, and its buttons.</summary>
    internal string Payload(OutboxMessage message, long endpointId, string secret)
    {
        var keyboard = Keyboard.FromJson(message.KeyboardJson);
        var buttons = keyboard?.Rows.SelectMany(r => r).ToList() ?? [];
        var actions = buttons.Where(b => b.CallbackData is not null).Take(MaxActions).Select(b => new { action = b.CallbackData, title = b.Text });
        var link = buttons.FirstOrDefault(b => b.Url is not null)?.Url ?? web.Link("cases");
        return JsonSerializer.Serialize(new
        {
            title = "ChildCare",
            body = PlainText.FromTelegramHtml(message.Text),
            tag = message.Purpose + ":" + message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            url = link.AbsoluteUri,
            actions,
            endpoint = endpointId,
            secret,
        });
    }
}
