using Microsoft.AspNetCore.Identity;

namespace ChildCare.Core.Officials;

/// <summary>
/// An official's ASP.NET Core Identity account: what holds their passkeys. It has no password, e-mail or roles:
/// who the person is and what they may see stay on <see cref="Official"/> and its subscriptions. The key is a
/// random GUID chosen before the passkey is made (the browser keeps it as the passkey's user handle), so a
/// person who gives up halfway leaves no official behind.
/// </summary>
public sealed class OfficialAccount : IdentityUser
{
    public long OfficialId { get; set; }
}
