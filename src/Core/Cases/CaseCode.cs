using System.Globalization;
using System.Text.RegularExpressions;

namespace ChildCare.Core.Cases;

/// <summary>A case's reference code, <c>TE-2026-000123</c>: the year of intake and that year's sequence number.</summary>
public static partial class CaseCode
{
    public static string Format(int year, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"TE-{year:0000}-{sequence:000000}");

    /// <summary>Finds a code in what someone typed, with any case and spacing: "te 2026 123", "TE-2026-000123".</summary>
    public static bool TryFind(string? text, out string code)
    {
        code = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        code = Format(int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups["seq"].Value, CultureInfo.InvariantCulture));
        return true;
    }

    [GeneratedRegex(@"\bTE[\s\-_.]*(?<year>20\d\d)[\s\-_.]*(?<seq>\d{1,9})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Pattern();
}
