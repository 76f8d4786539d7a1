using System.Globalization;

namespace ChildCare.Core.Localization;

/// <summary>Texts people see that Core composes (reminders, official commands): Resources/CoreTexts*.resx.</summary>
public static class CoreTexts
{
    private static readonly TextResource Texts = new("ChildCare.Core.Resources.CoreTexts", typeof(CoreTexts).Assembly);

    public static string Get(string name, Language language) => Texts.Get(name, language);

    public static string Format(string name, Language language, params object?[] args) => Texts.Format(name, language, args);

    public static string Weekday(DayOfWeek day, Language language) =>
        Get("Weekday" + ((int)day).ToString(CultureInfo.InvariantCulture), language);

    /// <summary>"Thứ Hai, 24/11/2026" / "Monday 24/11/2026".</summary>
    public static string DateWithWeekday(DateOnly date, Language language) =>
        Format("DateWithWeekday", language, Weekday(date.DayOfWeek, language), date.ToDateTime(TimeOnly.MinValue));
}
