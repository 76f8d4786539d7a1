using System.Text.Json.Nodes;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>Updates as Telegram sends them (JSON objects, so any text is escaped properly); no update_id unless given.</summary>
internal static class TelegramUpdates
{
    private static long _nextMessageId = 1_000;

    public static JsonObject Message(long chatId, string text, string language = "vi", string firstName = "Test") => new()
    {
        ["message"] = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref _nextMessageId),
            ["date"] = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(),
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = firstName },
            ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = firstName, ["language_code"] = language },
            ["text"] = text,
        },
    };

    /// <summary>A tap on an inline button carrying <paramref name="data"/> under a message in the chat.</summary>
    public static JsonObject Callback(long chatId, string data, string callbackId, string language = "vi") => new()
    {
        ["callback_query"] = new JsonObject
        {
            ["id"] = callbackId,
            ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Test", ["language_code"] = language },
            ["message"] = new JsonObject
            {
                ["message_id"] = 1,
                ["date"] = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(),
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private" },
                ["text"] = "x",
            },
            ["chat_instance"] = "ci" + chatId,
            ["data"] = data,
        },
    };

    public static JsonObject WithId(this JsonObject update, long updateId)
    {
        ArgumentNullException.ThrowIfNull(update);
        update["update_id"] = updateId;
        return update;
    }
}
