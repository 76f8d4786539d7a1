namespace ChildCare.Core.Officials;

/// <summary>Who in a unit a rule or an invite is for.</summary>
public enum OfficialRole
{
    /// <summary>The official doing child work (công chức Văn hóa - Xã hội, cán bộ làm công tác trẻ em).</summary>
    ChildProtection,

    /// <summary>Leadership of the People's Committee or steering board: receives escalations.</summary>
    Supervisor,

    Health,
    Police,
    Education,

    /// <summary>Communication: culture and information, commune radio.</summary>
    Culture,

    WomenUnion,
    YouthUnion,

    /// <summary>Reads the unit's cases without working on them (an inspector, a trainee).</summary>
    Viewer,
}
