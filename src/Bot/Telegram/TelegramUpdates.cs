using System.Text.Json.Serialization;

namespace ChildCare.Bot.Telegram;

// Incoming objects: only the fields we use. Everything else in Telegram's JSON is skipped, and an update
// of a kind we do not know is an Update with just its UpdateId.

internal sealed record Update(
    long UpdateId,
    Message? Message = null,
    Message? EditedMessage = null,
    CallbackQuery? CallbackQuery = null,
    ChatMemberUpdated? MyChatMember = null);

internal sealed record Message(
    long MessageId,
    long Date,
    Chat Chat,
    User? From = null,
    string? Text = null,
    string? Caption = null,
    IReadOnlyList<PhotoSize>? Photo = null,
    Location? Location = null,
    Contact? Contact = null,
    Document? Document = null,
    IReadOnlyList<MessageEntity>? Entities = null,
    InlineKeyboardMarkup? ReplyMarkup = null);

internal sealed record Chat(long Id, string Type, string? Title = null, string? Username = null, string? FirstName = null)
{
    [JsonIgnore]
    public bool IsPrivate => Type == "private";
}

internal sealed record User(
    long Id,
    bool IsBot,
    string FirstName,
    string? LastName = null,
    string? Username = null,
    string? LanguageCode = null);

internal sealed record PhotoSize(string FileId, string FileUniqueId, int Width, int Height, long? FileSize = null);

internal sealed record Location(double Latitude, double Longitude);

/// <summary>A file sent as a document (a plan's .docx or .txt).</summary>
internal sealed record Document(string FileId, string FileUniqueId, string? FileName = null, string? MimeType = null, long? FileSize = null);

internal sealed record Contact(string PhoneNumber, string FirstName, long? UserId = null);

internal sealed record MessageEntity(string Type, int Offset, int Length, string? Url = null);

internal sealed record CallbackQuery(string Id, User From, Message? Message = null, string? Data = null);

/// <summary>my_chat_member: the bot's own membership changed, e.g. a user blocked (kicked) or unblocked (member) it.</summary>
internal sealed record ChatMemberUpdated(Chat Chat, User From, long Date, ChatMember OldChatMember, ChatMember NewChatMember)
{
    [JsonIgnore]
    public bool IsBlock => Chat.IsPrivate && NewChatMember.Status == "kicked";

    [JsonIgnore]
    public bool IsUnblock => Chat.IsPrivate && OldChatMember.Status == "kicked" && NewChatMember.Status == "member";
}

internal sealed record ChatMember(string Status, User? User = null);

internal sealed record WebhookInfo(
    string Url,
    bool HasCustomCertificate,
    int PendingUpdateCount,
    long? LastErrorDate = null,
    string? LastErrorMessage = null,
    int? MaxConnections = null,
    IReadOnlyList<string>? AllowedUpdates = null);

internal sealed record TelegramFile(string FileId, string FileUniqueId, long? FileSize = null, string? FilePath = null);

internal sealed record ApiResponse<T>(bool Ok, T? Result, string? Description, int? ErrorCode, ResponseParameters? Parameters);

internal sealed record ResponseParameters(int? RetryAfter, long? MigrateToChatId);
