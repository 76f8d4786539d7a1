namespace ChildCare.Core.Officials;

/// <summary>A new invite: the code is shown this once.</summary>
public sealed record IssuedInvite(string Code, string Unit, OfficialRole Role, DateTimeOffset ExpiresAt, int MaxUses);
