using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChildCare.Bot.Telegram;

/// <summary>The Bot API speaks snake_case JSON; unknown fields are ignored so new API versions do not break us.</summary>
internal static class TelegramJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static Update ParseUpdate(string json) =>
        JsonSerializer.Deserialize<Update>(json, Options) ?? throw new JsonException("The update is JSON null.");
}
