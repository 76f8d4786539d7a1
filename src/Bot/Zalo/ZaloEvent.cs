using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ChildCare.Bot.Zalo;

/// <summary>What the channel reads of one webhook event (docs/zalo.md, "The webhook"); the rest is ignored.</summary>
internal sealed record ZaloEvent(
    string Name,
    string? UserId,
    string Timestamp,
    string? MessageId,
    string? Text,
    IReadOnlyList<string> ImageUrls,
    (double Latitude, double Longitude)? Location)
{
    public const string UserSendText = "user_send_text";
    public const string UserSendImage = "user_send_image";
    public const string UserSendLocation = "user_send_location";
    public const string Follow = "follow";
    public const string Unfollow = "unfollow";

    public bool IsFromUser => Name.StartsWith("user_send_", StringComparison.Ordinal);

    /// <summary>The event's time from its millisecond timestamp, or null when it is not a number.</summary>
    public DateTimeOffset? At =>
        long.TryParse(Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is > 0 and < 253_402_300_799_000
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    /// <summary>
    /// The inbox's id of the event: the same for a copy Zalo sends again, different for another event. The first 8
    /// bytes of a SHA-256, made positive: two different events meet with odds of one in 2^63.
    /// </summary>
    public long UpdateId
    {
        get
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Name}|{UserId}|{MessageId}|{Timestamp}"));
            return BitConverter.ToInt64(hash, 0) & long.MaxValue;
        }
    }

    /// <summary>Reads the parts we use; false when the body is not an event (no event name or timestamp).</summary>
    public static bool TryParse(JsonElement body, out ZaloEvent? parsed)
    {
        parsed = null;
        if (body.ValueKind != JsonValueKind.Object
            || String(body, "event_name") is not { Length: > 0 and <= 64 } name
            || Scalar(body, "timestamp") is not { Length: > 0 and <= 20 } timestamp)
        {
            return false;
        }

        var user = name is Follow or Unfollow
            ? String(body, "follower", "id") ?? String(body, "sender", "id")
            : String(body, "sender", "id");
        if (user is not null && (user.Length > 64 || user.Any(c => !char.IsAsciiDigit(c))))
        {
            return false;
        }

        string? text = null, messageId = null;
        var images = new List<string>();
        (double, double)? location = null;
        if (body.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
        {
            text = String(message, "text");
            messageId = String(message, "msg_id");
            if (message.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
            {
                foreach (var attachment in attachments.EnumerateArray().Take(10))
                {
                    if (attachment.ValueKind != JsonValueKind.Object || !attachment.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    switch (String(attachment, "type"))
                    {
                        case "image" when String(payload, "url") is { Length: > 0 and <= 2000 } url:
                            images.Add(url);
                            break;
                        case "location" when payload.TryGetProperty("coordinates", out var at) && Coordinates(at) is { } point:
                            location = point;
                            break;
                        default:
                            break;
                    }
                }
            }
        }

        parsed = new ZaloEvent(name, user, timestamp, messageId, text, images, location);
        return true;
    }

    // docs/zalo.md: latitude/longitude in one source, lat/long in another; numbers or numeric strings.
    private static (double, double)? Coordinates(JsonElement at)
    {
        if (at.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var latitude = Number(at, "latitude") ?? Number(at, "lat");
        var longitude = Number(at, "longitude") ?? Number(at, "long") ?? Number(at, "lng");
        return latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180 ? (latitude.Value, longitude.Value) : null;
    }

    private static double? Number(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var d) && double.IsFinite(d) => d,
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
            _ => null,
        };
    }

    /// <summary>A string, or a number written as it came (ids and timestamps come both ways).</summary>
    internal static string? Scalar(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static string? String(JsonElement element, params string[] path)
    {
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (!element.TryGetProperty(path[i], out element) || element.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
        }

        return Scalar(element, path[^1]);
    }
}
