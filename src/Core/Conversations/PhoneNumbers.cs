using System.Text;
using System.Text.RegularExpressions;

namespace ChildCare.Core.Conversations;

/// <summary>Vietnamese phone numbers as people type them: "0912 345 678", "+84 912.345.678", "84912345678".</summary>
public static partial class PhoneNumbers
{
    /// <summary>
    /// The one phone number in an answer, as <see cref="Normalise"/> gives it: the answer alone, or a sentence around
    /// it ("số tôi là 0987 654 321"). Null when there is none, or more than one.
    /// </summary>
    public static string? InText(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        if (Normalise(typed) is { } alone)
        {
            return alone;
        }

        var found = Candidates().Matches(typed).Select(m => Normalise(m.Value)).OfType<string>().Distinct(StringComparer.Ordinal).Take(2).ToList();
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>The number as 0xxxxxxxxx (10 or 11 digits), or null when it is not a Vietnamese phone number.</summary>
    public static string? Normalise(string typed)
    {
        if (Digits(typed) is not { } number)
        {
            return null;
        }

        if (number.StartsWith("84", StringComparison.Ordinal) && number.Length is 11 or 12)
        {
            number = "0" + number[2..];
        }

        return number.StartsWith('0') && number.Length is 10 or 11 && number[1] != '0' ? number : null;
    }

    /// <summary>
    /// A number a help line or a shelter answers on, digits only: the emergency numbers 111 to 115, the
    /// free 1800 and paid 1900 lines (4 or 6 digits after the prefix), or a phone <see cref="Normalise"/> takes.
    /// Null for anything else.
    /// </summary>
    public static string? NormaliseLine(string typed)
    {
        if (Digits(typed) is not { } number)
        {
            return null;
        }

        var shortCode = number is ['1', '1', >= '1' and <= '5'];
        var serviceLine = (number.StartsWith("1800", StringComparison.Ordinal) || number.StartsWith("1900", StringComparison.Ordinal)) && number.Length is 8 or 10;
        return shortCode || serviceLine ? number : Normalise(typed);
    }

    // The digits of a typed number with its usual separators dropped; null when anything else is in it.
    private static string? Digits(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var digits = new StringBuilder();
        foreach (var c in typed.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '.' or '-' or '(' or ')' or '+'))
            {
                return null;
            }
        }

        return digits.ToString();
    }

    // A run of digits with the separators people write between them, starting with a digit or "+".
    [GeneratedRegex(@"\+?\d[\d .\-()]*\d", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Candidates();
}
