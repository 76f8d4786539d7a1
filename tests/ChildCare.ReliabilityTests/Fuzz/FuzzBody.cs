namespace ChildCare.ReliabilityTests.Fuzz;

/// <summary>One body to post to the webhook: the chat it concerns (bodies of one chat are posted in order), the bytes, and what kind it is.</summary>
internal sealed record FuzzBody(long Chat, byte[] Body, string Kind);
