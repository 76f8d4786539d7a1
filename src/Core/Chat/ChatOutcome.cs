using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;

namespace ChildCare.Core.Chat;

/// <summary>
/// A feature's answer: the messages to send (replies to the chat, and notices to others, such as colleagues told a
/// deadline is done). The help desk adds the language the chat now speaks, whether a report waits for the channel's
/// proof (<see cref="Held"/>) and whether this input completed one (<see cref="ReportComplete"/>).
/// </summary>
public sealed record ChatOutcome(string Feature, IReadOnlyList<OutboundMessage> Messages)
{
    public Language? Language { get; init; }

    public bool Held { get; init; }

    public bool ReportComplete { get; init; }

    /// <summary>This input filed a report (complete, or urgent with details still offered).</summary>
    public bool Filed { get; init; }
}
