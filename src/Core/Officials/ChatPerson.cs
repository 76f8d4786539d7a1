using ChildCare.Core.Localization;

namespace ChildCare.Core.Officials;

/// <summary>Who wrote, as the channel knows them: enough to find or enrol an official.</summary>
public sealed record ChatPerson(string Channel, long ChatId, Language Language, string? FirstName);
