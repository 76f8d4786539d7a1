using ChildCare.Core.Officials;

namespace ChildCare.Bot.Pages.Units;

/// <summary>A person's membership of a unit, as the units page lists it.</summary>
public sealed record UnitMember(long SubscriptionId, long OfficialId, string? Name, OfficialRole Role, DateTimeOffset Since, DateTimeOffset? LastSignedIn, bool Administrator);

public sealed record UnitAdministrator(long OfficialId, string? Name, string Channel, DateTimeOffset? LastSignedIn);
