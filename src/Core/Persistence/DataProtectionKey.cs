namespace ChildCare.Core.Persistence;

/// <summary>
/// One key of the web nodes' data-protection key ring (antiforgery tokens), as the XML ASP.NET Core writes. In the
/// database so that every web node reads the same ring: a form served by one node is accepted by another.
/// </summary>
public sealed class DataProtectionKey
{
    public long Id { get; set; }

    public required string FriendlyName { get; init; }

    public required string Xml { get; init; }
}
