namespace ChildCare.Core.Chat;

/// <summary>The chat features' declarations contradict each other (a prefix or a command claimed twice): a start-up error.</summary>
public sealed class ChatRoutingException(string message) : Exception(message);
