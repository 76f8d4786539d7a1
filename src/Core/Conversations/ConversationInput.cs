namespace ChildCare.Core.Conversations;

/// <summary>
/// One thing a person sent, whatever the channel: text, a button press (its data), a shared location, a
/// photo (the channel's file id; a caption comes as <see cref="Text"/>), or a shared phone number.
/// </summary>
public sealed record ConversationInput(
    InputKind Kind,
    string? Text = null,
    string? Data = null,
    GeoPoint? Location = null,
    string? PhotoId = null,
    string? Phone = null)
{
    public static ConversationInput FromText(string text) => new(InputKind.Text, Text: text);

    public static ConversationInput FromButton(string data) => new(InputKind.Button, Data: data);

    public static ConversationInput FromLocation(double latitude, double longitude) => new(InputKind.Location, Location: new GeoPoint(latitude, longitude));

    public static ConversationInput FromPhoto(string fileId, string? caption) => new(InputKind.Photo, Text: caption, PhotoId: fileId);

    public static ConversationInput FromContact(string phone) => new(InputKind.Contact, Phone: phone);
}

public enum InputKind
{
    Text,
    Button,
    Location,
    Photo,
    Contact,

    /// <summary>Something the conversations cannot use (a sticker, a voice note...): answered with the menu.</summary>
    Other,
}

public sealed record GeoPoint(double Latitude, double Longitude)
{
    public bool IsValid => Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180 && !double.IsNaN(Latitude) && !double.IsNaN(Longitude);
}
