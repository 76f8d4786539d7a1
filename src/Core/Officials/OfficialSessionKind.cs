namespace ChildCare.Core.Officials;

/// <summary>What an <see cref="OfficialSession"/> row is. Stored by name.</summary>
public enum OfficialSessionKind
{
    /// <summary>A one-time link sent to the official's chat; opening it starts a <see cref="Session"/>.</summary>
    LoginLink,

    /// <summary>A signed-in browser (or client keeping the cookie).</summary>
    Session,
}
