using System.Text.Json;

namespace ChildCare.Core.Messaging;

/// <summary>
/// Buttons under a message, independent of the channel: Telegram renders them as an inline or reply keyboard,
/// the web chat as buttons. Stored with the outbox row as JSON.
/// </summary>
public sealed record Keyboard(IReadOnlyList<IReadOnlyList<KeyboardButton>> Rows, KeyboardKind Kind = KeyboardKind.Inline)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Takes away a reply keyboard the chat is showing.</summary>
    public static Keyboard Remove { get; } = new([], KeyboardKind.RemoveReply);

    public static Keyboard Inline(params IReadOnlyList<KeyboardButton>[] rows) => new(rows);

    public static Keyboard Reply(params IReadOnlyList<KeyboardButton>[] rows) => new(rows, KeyboardKind.Reply);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static Keyboard? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<Keyboard>(json, Json);
}

public enum KeyboardKind
{
    /// <summary>Buttons attached to the message; a press comes back as callback data.</summary>
    Inline,

    /// <summary>Buttons replacing the phone keyboard; a press sends the button's text (or location, contact).</summary>
    Reply,

    RemoveReply,
}

/// <summary>One button: <see cref="CallbackData"/> for inline buttons (at most 64 bytes), or a link, or a request.</summary>
public sealed record KeyboardButton(string Text, string? CallbackData = null, Uri? Url = null, bool RequestLocation = false, bool RequestContact = false)
{
    public static KeyboardButton Callback(string text, string data) => new(text, CallbackData: data);

    public static KeyboardButton Link(string text, Uri url) => new(text, Url: url);
}
