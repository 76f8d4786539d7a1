using System.Text.Json;

namespace ChildCare.Bot.Telegram;

/// <summary>Reads just enough of a raw update to store it: its id, and the chat it belongs to.</summary>
internal static class TelegramInbound
{
    public static bool TryRead(JsonElement update, out long updateId, out long? chatId)
    {
        updateId = 0;
        chatId = null;
        if (update.ValueKind != JsonValueKind.Object
            || !update.TryGetProperty("update_id", out var id)
            || id.ValueKind != JsonValueKind.Number
            || !id.TryGetInt64(out updateId))
        {
            return false;
        }

        chatId = Long(update, "message", "chat", "id")
            ?? Long(update, "edited_message", "chat", "id")
            ?? Long(update, "callback_query", "message", "chat", "id")
            ?? Long(update, "callback_query", "from", "id")
            ?? Long(update, "my_chat_member", "chat", "id");
        return true;
    }

    private static long? Long(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) ? value : null;
    }
}
