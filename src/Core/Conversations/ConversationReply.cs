using ChildCare.Core.Messaging;

namespace ChildCare.Core.Conversations;

/// <summary>
/// One message the conversation sends back: HTML in Telegram's subset (everything a person typed escaped) and
/// its buttons. The channel renders both.
/// </summary>
public sealed record ConversationReply(string Html, Keyboard? Keyboard = null);
