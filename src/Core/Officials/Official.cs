namespace ChildCare.Core.Officials;

/// <summary>
/// A person who joined through an invite, known by their chat. Only what reminders need is kept: the chat,
/// the language and the first name they show in chat (said to colleagues when they mark a task done).
/// </summary>
public sealed class Official
{
    public long Id { get; set; }

    public required string Channel { get; set; }

    public long ChatId { get; set; }

    public string? DisplayName { get; set; }

    public Localization.Language Language { get; set; }

    public DateTimeOffset JoinedAt { get; set; }

    public List<Subscription> Subscriptions { get; } = [];
}
