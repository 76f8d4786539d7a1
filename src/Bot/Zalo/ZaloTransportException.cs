namespace ChildCare.Bot.Zalo;

/// <summary>Zalo could not be reached, timed out or answered a server error: try again later.</summary>
internal sealed class ZaloTransportException(string message, Exception? inner = null) : Exception(message, inner);
