using ChildCare.Core.Messaging;

namespace ChildCare.Core.Cases;

/// <summary>
/// The photos of a report as one outbox message (purpose <see cref="MessagePurposes.CasePhotos"/>): its text is the
/// caption on the first line and one photo per line after it (a Telegram file_id, or the address Zalo gave), sealed in
/// the outbox like any case text. Only a channel that can send a photo it did not upload is given one (Telegram).
/// </summary>
public static class CasePhotoMessage
{
    public static OutboundMessage For(long chatId, string channel, string caption, IReadOnlyList<string> photos)
    {
        ArgumentNullException.ThrowIfNull(caption);
        ArgumentNullException.ThrowIfNull(photos);
        return new OutboundMessage(chatId, caption.ReplaceLineEndings(" ") + "\n" + string.Join("\n", photos),
            MessagePriority.Reply, MessagePurposes.CasePhotos, Channel: channel);
    }

    /// <summary>The caption and the photos of a message made by <see cref="For"/>.</summary>
    public static (string Caption, IReadOnlyList<string> Photos) Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n', StringSplitOptions.TrimEntries);
        return (lines[0], [.. lines.Skip(1).Where(l => l.Length > 0)]);
    }
}
