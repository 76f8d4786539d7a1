namespace ChildCare.Core.Plans;

/// <summary>
/// A plan an official sent in chat, under review: the items found (each kept or dropped, with the official's
/// corrections), one per chat, until it is accepted, discarded or replaced. Kept in the database so a restart
/// loses nothing; plans are public documents, so nothing here is sealed.
/// </summary>
public sealed class PlanDraft
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public long Id { get; set; }

    public required string Channel { get; set; }

    public long ChatId { get; set; }

    public int? Year { get; set; }

    public string? Title { get; set; }

    /// <summary>The items as JSON (<see cref="PlanReview"/> reads and writes it).</summary>
    public required string ItemsJson { get; set; }

    /// <summary>Text pasted in chat, kept while the next message may be its continuation; null for a file.</summary>
    public string? PastedText { get; set; }

    /// <summary>Whether the official dropped or corrected an item (a continuation then no longer rebuilds the list).</summary>
    public bool Edited { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsExpired(DateTimeOffset now) => UpdatedAt + Lifetime < now;
}
