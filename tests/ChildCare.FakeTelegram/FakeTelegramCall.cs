using System.Text.Json;

namespace ChildCare.FakeTelegram;

/// <summary>A call the fake received with a valid token and method, and how it answered.</summary>
public sealed record FakeTelegramCall(string Method, JsonElement Parameters, DateTimeOffset Timestamp, int StatusCode, long? ChatId)
{
    public bool Succeeded => StatusCode == 200;
}
