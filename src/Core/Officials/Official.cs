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

    /// <summary>
    /// Administers the service in the dashboard: units and people, invites, the directory, the scheduler. Gives
    /// no right to cases: those come from the official's units alone, as for everyone.
    /// </summary>
    public bool IsAdministrator { get; set; }

    /// <summary>When the official last opened a sign-in link (the dashboard's people page shows it).</summary>
    public DateTimeOffset? LastSignedInAt { get; set; }

    public List<Subscription> Subscriptions { get; } = [];
}
