using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ChildCare.Core.Messaging;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// POST /telegram/webhook. The secret header is checked, in constant time, before the body is read; a
/// good update (one that reads as Telegram.Bot's Update) is stored as received in the inbox and answered 200 at once. A malformed one is logged and answered 200
/// too, since Telegram would otherwise send it again forever.
/// </summary>
internal static partial class TelegramWebhook
{
    public const string Path = "/telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Telegram's updates are small; a larger body is not Telegram's.</summary>
    private const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointConventionBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, ReceiveAsync).ExcludeFromDescription().DisableAntiforgery();

    private static async Task<IResult> ReceiveAsync(HttpContext context, TelegramSettings settings, Inbox inbox, ILoggerFactory loggers)
    {
        if (settings.Mode != TelegramMode.Webhook || !SecretMatches(context.Request.Headers[SecretHeader], settings.WebhookSecret))
        {
            return Results.Unauthorized();
        }

        var logger = loggers.CreateLogger(typeof(TelegramWebhook));
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            LogRejected(logger, "too large");
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        JsonElement update;
        try
        {
            using var document = await JsonDocument.ParseAsync(new LimitedStream(context.Request.Body, MaxBodyBytes), cancellationToken: context.RequestAborted);
            update = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            LogRejected(logger, "not JSON");
            return Results.Ok();
        }
        catch (InvalidDataException)
        {
            LogRejected(logger, "too large");
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        // JSON parsing leaves the bytes inside strings unchecked; invalid UTF-8 there would fail every later read.
        if (!Utf8.IsValid(JsonMarshal.GetRawUtf8Value(update)))
        {
            LogRejected(logger, "invalid UTF-8");
            return Results.Ok();
        }

        if (!TelegramInbound.TryRead(update, out var parsed))
        {
            LogRejected(logger, "not an update");
            return Results.Ok();
        }

        // Not the request's token: once Telegram has sent it, storing it must not be cut short.
        await inbox.AcceptAsync(TelegramUpdateHandler.ChannelName, [(parsed.Id, TelegramInbound.ChatOf(parsed), update.GetRawText())], CancellationToken.None);
        return Results.Ok();
    }

    private static bool SecretMatches(string? given, string? expected)
    {
        if (given is null || expected is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram webhook: update skipped ({Reason})")]
    private static partial void LogRejected(ILogger logger, string reason);

    /// <summary>Stops reading a body past its limit, whatever Content-Length claimed.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            _read += n;
            return _read > limit ? throw new InvalidDataException("Body over the limit.") : n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
