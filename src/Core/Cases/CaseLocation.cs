namespace ChildCare.Core.Cases;

/// <summary>Where the reporter said it happens, as a shared location (stored sealed, in <see cref="CaseDetails"/>).</summary>
public sealed record CaseLocation(double Latitude, double Longitude);
