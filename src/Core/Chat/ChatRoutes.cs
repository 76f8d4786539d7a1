namespace ChildCare.Core.Chat;

/// <summary>
/// What a feature answers in a chat, declared in one place and read only by the <see cref="ChatRouter"/>: its
/// commands, the prefixes of its buttons' data, whether it may take free text (and sent files) when it waits for
/// them, and on which channels. A prefix or command claimed by two features fails at start-up.
/// </summary>
/// <param name="Feature">A name for logs and errors.</param>
/// <param name="Commands">Commands this feature answers (without the slash).</param>
/// <param name="CallbackPrefixes">Button data starting with one of these is this feature's.</param>
/// <param name="TextPrecedence">Set when the feature may take free text or a file it waits for (a case prompt, a plan
/// draft); lower goes first, and a feature that does not want the text now declines it for the next.</param>
/// <param name="ForOfficials">Answered as the chat's official: on the web chat, the official signed in on the site.</param>
/// <param name="Channels">The channels where the feature is offered; null: every channel.</param>
/// <param name="IsFallback">The help desk: what no other feature takes, unknown commands and buttons included.</param>
public sealed record ChatRoutes(
    string Feature,
    IReadOnlyList<ChatCommand> Commands,
    IReadOnlyList<string> CallbackPrefixes,
    int? TextPrecedence = null,
    bool ForOfficials = false,
    IReadOnlyList<string>? Channels = null,
    bool IsFallback = false)
{
    public bool IsOn(string channel) => Channels is null || Channels.Contains(channel, StringComparer.Ordinal);
}

/// <summary>
/// A command a feature answers: <c>/name</c>, or <c>/name argument</c> whose argument starts with
/// <paramref name="ArgumentPrefix"/> (<c>/start join-ABC</c>, a deep link). A command with an argument prefix is
/// tried before the same command without one. <paramref name="Channels"/> narrows the feature's channels.
/// </summary>
public sealed record ChatCommand(string Name, string? ArgumentPrefix = null, IReadOnlyList<string>? Channels = null)
{
    public bool Matches(string command, string? argument) =>
        string.Equals(Name, command, StringComparison.Ordinal)
        && (ArgumentPrefix is null || argument?.StartsWith(ArgumentPrefix, StringComparison.OrdinalIgnoreCase) == true);
}
