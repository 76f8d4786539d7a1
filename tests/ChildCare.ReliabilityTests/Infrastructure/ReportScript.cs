namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>
/// A whole report typed without accents, as a collaborator would: what each question gets, in order, then the
/// send button of the review. The commune decides where the case is routed.
/// </summary>
internal static class ReportScript
{
    /// <summary>The data of the review's send button (static: a report button names its step).</summary>
    public const string SendButton = "r:ReportReview:send";

    public const string Start = "bao cao";

    /// <summary>The answers after <see cref="Start"/>, up to the review: danger, province, commune, village, address, age, sex, name, category, description, suspect, reporter.</summary>
    public static IReadOnlyList<string> Answers(string commune, string description, string village = "thon 3") =>
        ["khong", "thanh hoa", commune, village, "bo qua", "9", "nam", "bo qua", "bi danh", description, "cha duong", "an danh"];

    /// <summary>The marker of the review screen and of the filed answer ("Mã báo cáo: TE-...").</summary>
    public const string ReviewMarker = "Xem lại báo cáo";

    public const string FiledMarker = "Mã báo cáo: ";

    /// <summary>The case code in a text that contains one.</summary>
    public static string? CodeIn(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"TE-\d{4}-\d{6}", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? match.Value : null;
    }
}
