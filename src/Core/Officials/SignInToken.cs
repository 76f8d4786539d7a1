namespace ChildCare.Core.Officials;

/// <summary>A token just made, shown once to whom it is for: a sign-in link's or a session's.</summary>
public sealed record SignInToken(string Token, long OfficialId, DateTimeOffset ExpiresAt);
