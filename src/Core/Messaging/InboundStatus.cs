namespace ChildCare.Core.Messaging;

public enum InboundStatus
{
    Pending = 0,
    Processing = 1,
    Done = 2,

    /// <summary>The handler failed on it repeatedly; kept (without its payload) so it is not handled again.</summary>
    Failed = 3,
}
