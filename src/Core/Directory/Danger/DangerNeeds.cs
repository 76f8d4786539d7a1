namespace ChildCare.Core.Directory.Danger;

/// <summary>What a danger phrase needs around it before it counts.</summary>
internal enum DangerNeeds
{
    /// <summary>Nothing: "hiếp dâm", "đuối nước", "bắt cóc" are danger on their own.</summary>
    Alone,

    /// <summary>Someone in the message (con, bé, tôi, my ...) or "bị"; typed with its accents it needs nothing.</summary>
    Person,

    /// <summary>
    /// A victim right at it: "bị" shortly before, or a person or body part right after ("đá vào bụng", "tát con"),
    /// because the bare word has everyday senses ("đá" is also stone and ice, "da" without accents is also "đã").
    /// </summary>
    Victim,

    /// <summary>A child in the message: "chưa về nhà" is danger for a child, not for a husband late from work.</summary>
    Child,

    /// <summary>Typed with its accents: without them "bi ban" is far more often "bị bạn" (by a friend) than "bị bán".</summary>
    Accented,
}
