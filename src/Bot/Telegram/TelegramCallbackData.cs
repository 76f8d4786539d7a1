using System.Text;

namespace ChildCare.Bot.Telegram;

/// <summary>callback_data of an inline button: 1 to 64 bytes of UTF-8. Vietnamese letters take 2-3 bytes each.</summary>
internal static class TelegramCallbackData
{
    public const int MaxBytes = 64;

    public static bool Fits(string data) => data.Length > 0 && Encoding.UTF8.GetByteCount(data) <= MaxBytes;

    public static string Ensure(string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var bytes = Encoding.UTF8.GetByteCount(data);
        return bytes is > 0 and <= MaxBytes
            ? data
            : throw new ArgumentException($"Callback data must be 1 to {MaxBytes} bytes of UTF-8; this is {bytes} bytes.", nameof(data));
    }
}
