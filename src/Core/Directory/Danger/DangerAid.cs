namespace ChildCare.Core.Directory.Danger;

/// <summary>
/// One line of first aid to do while waiting for 115 (ConversationTexts "EmergencyDo" + <see cref="Line"/>), given when
/// the message holds one of its phrases: bleeding, a seizure, a poison each need something else from whoever is there.
/// </summary>
internal sealed record DangerAid(string Line, IReadOnlyList<string> Phrases);
