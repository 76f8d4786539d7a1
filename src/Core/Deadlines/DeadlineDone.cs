using ChildCare.Core.Messaging;

namespace ChildCare.Core.Deadlines;

/// <summary>What became of a done button pressed on the web, and the messages telling the others.</summary>
public sealed record DeadlineDone(DeadlineDoneOutcome Outcome, IReadOnlyList<OutboundMessage> Tell);

public enum DeadlineDoneOutcome
{
    Done,

    /// <summary>Someone marked it done first.</summary>
    Already,

    /// <summary>Not an occurrence of a unit the official follows.</summary>
    NotYours,

    NotFound,
}
