namespace ChildCare.Core.Cases;

/// <summary>How many reports one chat may file in an hour (the help desk's setting, Conversations:MaxReportsPerHour).</summary>
public sealed record IntakeSettings(int MaxReportsPerHour);
