using System.Text;

namespace ChildCare.Core.Plans;

/// <summary>
/// A plan as it arrives (a file from chat or a browser, or a request body): its text, or why there is none.
/// Word documents (.docx) and plain text (.txt, UTF-8 or UTF-16) are read; anything larger than
/// <see cref="MaxBytes"/> is refused before reading.
/// </summary>
public static class PlanDocument
{
    public const int MaxBytes = 2 * 1024 * 1024;

    public const int MaxMegabytes = MaxBytes / 1024 / 1024;

    public const string DocxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public enum Problem
    {
        None,
        Empty,
        TooLarge,
        Unsupported,
        Unreadable,
    }

    /// <summary>Whether a file of this name and type is one this reads (.docx, .txt, text/*).</summary>
    public static bool IsSupported(string? fileName, string? contentType) =>
        IsDocx(fileName, contentType, []) || IsText(fileName, contentType);

    public static (string? Text, Problem Problem) Read(ReadOnlySpan<byte> content, string? fileName, string? contentType)
    {
        if (content.Length > MaxBytes)
        {
            return (null, Problem.TooLarge);
        }

        if (content.IsEmpty)
        {
            return (null, Problem.Empty);
        }

        string text;
        if (IsDocx(fileName, contentType, content))
        {
            try
            {
                using var stream = new MemoryStream(content.ToArray(), writable: false);
                text = DocxText.Read(stream);
            }
            catch (InvalidDataException)
            {
                return (null, Problem.Unreadable);
            }
        }
        else if (IsText(fileName, contentType) || (fileName is null && contentType is null))
        {
            text = Decode(content);
        }
        else
        {
            return (null, Problem.Unsupported);
        }

        return string.IsNullOrWhiteSpace(text) ? (null, Problem.Empty) : (text, Problem.None);
    }

    private static bool IsDocx(string? fileName, string? contentType, ReadOnlySpan<byte> content) =>
        fileName?.EndsWith(".docx", StringComparison.OrdinalIgnoreCase) == true
        || string.Equals(contentType, DocxContentType, StringComparison.OrdinalIgnoreCase)
        // A zip file ("PK\3\4") sent without a name or type: only a Word document is worth trying.
        || (fileName is null && content.StartsWith("PK\u0003\u0004"u8));

    private static bool IsText(string? fileName, string? contentType) =>
        fileName?.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) == true
        || contentType?.StartsWith("text/", StringComparison.OrdinalIgnoreCase) == true;

    private static string Decode(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(content[2..]);
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(content[2..]);
        }

        return Encoding.UTF8.GetString(content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? content[3..] : content);
    }
}
