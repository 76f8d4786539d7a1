namespace ChildCare.Core.Cases;

/// <summary>
/// A photo of a report: <see cref="Source"/> is a Telegram file_id, or the https address Zalo gave for a photo sent
/// there. Either is as private as the photo: it opens the image for whoever holds the bot's token or the address.
/// </summary>
public sealed record CasePhoto(string Code, int Number, string Source)
{
    public bool IsTelegramFile => IsTelegramFileId(Source);

    /// <summary>A Telegram file_id is letters, digits, '-' and '_'; an address Zalo gave has a scheme.</summary>
    public static bool IsTelegramFileId(string source) =>
        !string.IsNullOrEmpty(source) && !source.Contains("://", StringComparison.Ordinal);
}
