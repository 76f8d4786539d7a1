using ChildCare.Core.Officials;

namespace ChildCare.Core.Chat;

/// <summary>
/// What the router hands a feature: why it got it (<see cref="Kind"/>), who it answers (the chat, or for officials'
/// features the official), and the input; for a command its name and argument.
/// </summary>
public sealed record ChatRequest(ChatRouteKind Kind, ChatPerson Person, ChatInput Input, string Command = "", string? Argument = null);

public enum ChatRouteKind
{
    /// <summary>A command the feature declared.</summary>
    Command,

    /// <summary>A tap whose data starts with a prefix the feature declared.</summary>
    Button,

    /// <summary>Free text or a file, offered to a feature that takes text; it may decline.</summary>
    Text,

    /// <summary>Anything no feature took: the help desk's.</summary>
    Fallback,
}
