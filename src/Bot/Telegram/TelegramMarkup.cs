using System.Text.Json.Serialization;

namespace ChildCare.Bot.Telegram;

/// <summary>reply_markup of a message. Derived types serialise as themselves, without a type discriminator.</summary>
[JsonDerivedType(typeof(InlineKeyboardMarkup))]
[JsonDerivedType(typeof(ReplyKeyboardMarkup))]
[JsonDerivedType(typeof(ReplyKeyboardRemove))]
internal abstract record ReplyMarkup;

internal sealed record InlineKeyboardMarkup(IReadOnlyList<IReadOnlyList<InlineKeyboardButton>> InlineKeyboard) : ReplyMarkup
{
    public static InlineKeyboardMarkup Rows(params IReadOnlyList<InlineKeyboardButton>[] rows) => new(rows);
}

internal sealed record InlineKeyboardButton(string Text, string? CallbackData = null, string? Url = null)
{
    /// <summary>A button that sends <paramref name="data"/> back; throws when it exceeds Telegram's 64 bytes.</summary>
    public static InlineKeyboardButton Callback(string text, string data) => new(text, CallbackData: TelegramCallbackData.Ensure(data));

    public static InlineKeyboardButton Link(string text, Uri url) => new(text, Url: url.AbsoluteUri);
}

internal sealed record ReplyKeyboardMarkup(
    IReadOnlyList<IReadOnlyList<KeyboardButton>> Keyboard,
    bool? ResizeKeyboard = true,
    bool? OneTimeKeyboard = null,
    string? InputFieldPlaceholder = null,
    bool? IsPersistent = null) : ReplyMarkup;

internal sealed record KeyboardButton(string Text, bool? RequestContact = null, bool? RequestLocation = null)
{
    public static KeyboardButton Location(string text) => new(text, RequestLocation: true);

    public static KeyboardButton Contact(string text) => new(text, RequestContact: true);
}

internal sealed record ReplyKeyboardRemove(bool RemoveKeyboard = true) : ReplyMarkup;
