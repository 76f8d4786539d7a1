namespace ChildCare.Core.Directory.Danger;

/// <summary>
/// What the rules read in a message besides whether it is danger: the first aid it calls for when 115 comes first, and
/// whether the one who wrote it is the one in danger. Read once, put on whichever result decides (the rules', or the
/// learned scorer's for a long message).
/// </summary>
internal readonly record struct DangerHints(string? Aid, bool Writer)
{
    public DangerResult On(DangerResult danger) =>
        danger.IsDanger ? danger with { Aid = danger.First == EmergencyLine.Ambulance ? Aid : null, Writer = Writer } : danger;
}
