using System.Globalization;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.Resources;
using ChildCare.Core.Conversations;
using ChildCare.Core.Directory;
using ChildCare.Core.Localization;

namespace ChildCare.Bot.Pages.Directory;

/// <summary>The directory's refusals and edits in words.</summary>
internal static class DirectoryWords
{
    /// <summary>A refusal in words, naming the field it is about.</summary>
    public static string Problem(DirectoryProblem problem, string? field, int limit, Language language) =>
        DirectoryTexts.Format("Problem" + problem, language, field is null ? "" : DirectoryTexts.TryGet("Field" + field, language) ?? field, limit);

    /// <summary>What an edit was about, in words: "Đường dây 18001744", "Hướng dẫn … (Tiếng Anh)".</summary>
    public static string Subject(string subject, DirectoryListing listing, Language language)
    {
        var parts = subject.Split(':');
        return parts switch
        {
            ["hotline", var key] => DirectoryTexts.Format("SubjectHotline", language, listing.Hotlines.FirstOrDefault(h => h.Key == key)?.Line.Number ?? key),
            ["place", var id] => DirectoryTexts.Format("SubjectPlace", language,
                listing.Places.FirstOrDefault(p => p.Record?.Id.ToString(CultureInfo.InvariantCulture) == id) is { } place ? (language == Language.En ? place.Place.NameEn : place.Place.NameVi) : "#" + id),
            ["guidance", var topic, var code] when FormValues.ReadEnum<GuidanceTopic>(topic) is { } known =>
                DirectoryTexts.Format("SubjectGuidance", language, GuidanceFlow.Title(known, language), DirectoryTexts.Get("Language" + Languages.FromCode(code), language)),
            _ => subject,
        };
    }
}
