using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace ChildCare.Bot.Telegram;

/// <summary>Reads one raw update, as the webhook or getUpdates gave it, into Telegram.Bot's <see cref="Update"/>.</summary>
internal static class TelegramInbound
{
    /// <summary>False for JSON that is not an update (no update_id, or a field of the wrong shape): log it and skip it.</summary>
    public static bool TryRead(JsonElement raw, out Update update)
    {
        update = null!;
        if (raw.ValueKind != JsonValueKind.Object
            || !raw.TryGetProperty("update_id", out var id)
            || id.ValueKind != JsonValueKind.Number
            || !id.TryGetInt32(out _))
        {
            return false;
        }

        try
        {
            update = raw.Deserialize<Update>(JsonBotAPI.Options)!;
            return update is not null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            // Telegram.Bot's converters throw more than JsonException on hostile input (a bad date, an unknown member status).
            return false;
        }
    }

    /// <summary>Parses stored update text; throws JsonException when it is not an update.</summary>
    public static Update Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return TryRead(document.RootElement, out var update) ? update : throw new JsonException("Not a Telegram update.");
    }

    /// <summary>The chat an update belongs to, which orders its handling; null for kinds we do not handle.</summary>
    public static long? ChatOf(Update update)
    {
        ArgumentNullException.ThrowIfNull(update);
        // Telegram.Bot's types declare chat and from as never null, but its reader does not enforce it: a hostile
        // update without them must be skipped, not crash the webhook.
        return update switch
        {
            { Message.Chat: { } chat } => chat.Id,
            { EditedMessage.Chat: { } chat } => chat.Id,
            { CallbackQuery.Message.Chat: { } chat } => chat.Id,
            { CallbackQuery.From: { } from } => from.Id,
            { MyChatMember.Chat: { } chat } => chat.Id,
            _ => null,
        };
    }
}
