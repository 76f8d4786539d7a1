using System.Text.Json;
using Telegram.Bot.Requests;
using Telegram.Bot.Types.Enums;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// getUpdates with each update kept as the JSON Telegram sent. Telegram.Bot's own GetUpdates deserialises the
/// whole batch, so one update it cannot read would fail every poll, and the batch would never be confirmed; here
/// each update is stored as received and read one by one (<see cref="TelegramInbound"/>).
/// </summary>
internal sealed class TelegramUpdatesRequest() : RequestBase<JsonElement[]>("getUpdates")
{
    public long? Offset { get; init; }

    public int? Limit { get; init; }

    public int? Timeout { get; init; }

    public IReadOnlyList<UpdateType>? AllowedUpdates { get; init; }

    /// <summary>The kinds of update the bot handles, for getUpdates and setWebhook.</summary>
    public static readonly IReadOnlyList<UpdateType> Handled = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery, UpdateType.MyChatMember];
}
