using ChildCare.Core.Localization;

namespace ChildCare.Core.Cases;

/// <summary>The language a reporter's chat last spoke: the help desk knows it, the case queue asks.</summary>
public interface IReporterLanguage
{
    Task<Language> LanguageAsync(string channel, long chatId, Language clientLanguage, CancellationToken cancellationToken);
}
