namespace ChildCare.Bot.Zalo;

/// <summary>
/// Zalo answered with a negative <c>error</c> (docs/zalo.md, "Error codes we rely on"). The message is Zalo's
/// description, never ours: it holds no message text.
/// </summary>
internal sealed class ZaloApiException(int errorCode, string description) : Exception($"Zalo error {errorCode}: {description}")
{
    public const int InvalidToken = -216;
    public const int ExpiredToken = -124;
    public const int NotFollower = -213;
    public const int OutsideWindow = -230;
    public const int RateLimited = -32;

    public int ErrorCode { get; } = errorCode;

    public string Description { get; } = description;

    public bool IsTokenProblem => ErrorCode is InvalidToken or ExpiredToken;
}
