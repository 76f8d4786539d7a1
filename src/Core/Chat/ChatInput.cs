using ChildCare.Core.Conversations;
using ChildCare.Core.Officials;

namespace ChildCare.Core.Chat;

/// <summary>
/// One thing a person sent on a channel, as the channel's adapter translated it: who (<see cref="Person"/>) and what
/// (<see cref="Message"/>). <see cref="Key"/> names the received message or tap (a retry gets the first answer).
/// </summary>
public sealed record ChatInput(ChatPerson Person, ConversationInput Message, string? Key = null)
{
    /// <summary>Who officials' features answer, when not the chat itself: on the web chat, the official signed in on the site.</summary>
    public ChatPerson? Official { get; init; }

    /// <summary>A file the person sent (a plan), fetched only if a feature takes it.</summary>
    public ChatDocument? Document { get; init; }

    /// <summary>Asked just before the help desk files a report; see <see cref="ConversationEngine.HandleAsync"/>.</summary>
    public Func<CancellationToken, ValueTask<bool>>? MayFile { get; init; }
}

/// <summary>A file as the channel announced it; <see cref="DownloadAsync"/> fetches it (at most the size a feature accepts).</summary>
public sealed record ChatDocument(string? FileName, string? MimeType, long? Size, Func<CancellationToken, Task<ChatDownload>> DownloadAsync);

/// <summary>A fetched file's bytes; null when the channel would not give it, with <see cref="TooLarge"/> when it was too big.</summary>
public sealed record ChatDownload(byte[]? Content, bool TooLarge = false);
