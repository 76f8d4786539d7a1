using System.Text.Json;
using System.Text.Unicode;
using ChildCare.Core.Messaging;

namespace ChildCare.Bot.Zalo;

/// <summary>
/// POST <c>Zalo:WebhookPath</c>. The body is read whole (at most 256 KiB), its signature checked in constant time
/// over the raw bytes (docs/zalo.md), and only then is the event stored in the inbox and answered 200; the
/// work happens after, well within Zalo's 2 seconds. A missing, malformed or wrong signature, another
/// application's event or a stale one is refused with 401 and nothing is stored.
/// </summary>
internal static partial class ZaloWebhook
{
    private const int MaxBodyBytes = 256 * 1024;

    public static IEndpointConventionBuilder MapZaloWebhook(this IEndpointRouteBuilder endpoints, ZaloSettings settings) =>
        endpoints.MapPost(settings.WebhookPath, ReceiveAsync).ExcludeFromDescription().DisableAntiforgery();

    private static async Task<IResult> ReceiveAsync(HttpContext context, ZaloSettings settings, Inbox inbox, ZaloUsers users, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(ZaloWebhook));
        if (!settings.Enabled || settings.AppId is not { } appId || settings.SecretKey is not { } secret)
        {
            return Results.Unauthorized();
        }

        // Nothing is parsed before the signature is known, except the two fields it covers besides the body.
        var signature = context.Request.Headers[ZaloSignature.Header].ToString();
        if (signature.Length == 0)
        {
            LogRefused(logger, "no signature");
            return Results.Unauthorized();
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var body = await ReadAsync(context.Request.Body, context.RequestAborted);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            LogRefused(logger, "not JSON");
            return Results.Unauthorized();
        }

        if (root.ValueKind != JsonValueKind.Object || ZaloEvent.Scalar(root, "timestamp") is not { Length: > 0 and <= 20 } timestamp
            || !ZaloSignature.Matches(signature, appId, body, timestamp, secret))
        {
            LogRefused(logger, "wrong signature");
            return Results.Unauthorized();
        }

        if (ZaloEvent.Scalar(root, "app_id") != appId)
        {
            LogRefused(logger, "another application's event");
            return Results.Unauthorized();
        }

        // Signed, so Zalo's: a malformed event would be sent again for hours if refused; take it and skip it.
        if (!Utf8.IsValid(body) || !ZaloEvent.TryParse(root, out var parsed) || parsed is null)
        {
            LogRefused(logger, "not an event");
            return Results.Ok();
        }

        if (parsed.At is not { } at || (time.GetUtcNow() - at).Duration() > settings.WebhookMaxAge)
        {
            LogRefused(logger, "stale or future timestamp");
            return Results.Unauthorized();
        }

        // Not the request's token: once Zalo has sent the event, storing it must not be cut short.
        long? chatId = parsed.UserId is { } user ? await users.ChatIdOfAsync(user, CancellationToken.None) : null;
        await inbox.AcceptAsync(OutboxMessage.ZaloChannel, [(parsed.UpdateId, chatId, root.GetRawText())], CancellationToken.None);
        return Results.Ok();
    }

    private static async Task<byte[]?> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + n > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zalo webhook: request refused or skipped ({Reason})")]
    private static partial void LogRefused(ILogger logger, string reason);
}
