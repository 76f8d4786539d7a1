using System.Globalization;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.Resources;
using ChildCare.Core.Conversations;
using ChildCare.Core.Directory;
using ChildCare.Core.Localization;

namespace ChildCare.Bot.Pages.Directory;

/// <summary>What the directory's pages share: their texts, the names of provinces, who changed an entry and when.</summary>
public abstract class DirectoryPageBase : PageBase
{
    private protected static HelpDirectory Shipped => HelpDirectoryProvider.Shipped;

    protected string D(string key) => DirectoryTexts.Get(key, Language);

    protected string DF(string key, params object?[] args) => DirectoryTexts.Format(key, Language, args);

    protected string ProvinceName(string? code) =>
        code is null ? D("National")
        : Shipped.ProvinceByCode(code) is { } province ? Replies.ProvinceName(province, Language) : code;

    private protected IEnumerable<Province> SortedProvinces => Shipped.Provinces.OrderBy(p => Replies.ProvinceName(p, Language), Collator(Language));

    protected string Updated(string? actor, DateTimeOffset? at, IReadOnlyDictionary<long, string> names) =>
        actor is null || at is null ? "—" : DF("UpdatedBy", PageText.Actor(actor, names, User, Language), Local(at.Value));

    /// <summary>A refusal in words, naming the field it is about.</summary>
    protected string Problem(DirectoryProblem problem, string? field, int limit) => DirectoryWords.Problem(problem, field, limit, Language);

    protected static StringComparer Collator(Language language) => StringComparer.Create(language.Culture(), ignoreCase: true);

    protected static string Day(DateOnly day, string format = "dd/MM/yyyy") => day == default ? "" : day.ToString(format, CultureInfo.InvariantCulture);
}
