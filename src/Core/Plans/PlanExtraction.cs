namespace ChildCare.Core.Plans;

/// <summary>What <see cref="PlanExtractor"/> found: the plan's own year (from its title or header), its items in document order.</summary>
public sealed record PlanExtraction(int? Year, IReadOnlyList<ExtractedItem> Items)
{
    /// <summary>The plan's title as its header gives it ("Công tác bảo vệ, chăm sóc trẻ em năm 2023"), if found.</summary>
    public string? Title { get; init; }

    /// <summary>The text was longer than the extractor reads (its lines, blocks or items capped): only its first part was read.</summary>
    public bool Truncated { get; init; }
}
