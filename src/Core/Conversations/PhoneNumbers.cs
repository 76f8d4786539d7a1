using System.Text;

namespace ChildCare.Core.Conversations;

/// <summary>Vietnamese phone numbers as people type them: "0912 345 678", "+84 912.345.678", "84912345678".</summary>
internal static class PhoneNumbers
{
    /// <summary>The number as 0xxxxxxxxx (10 or 11 digits), or null when it is not a Vietnamese phone number.</summary>
    public static string? Normalise(string typed)
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

        var number = digits.ToString();
        if (number.StartsWith("84", StringComparison.Ordinal) && number.Length is 11 or 12)
        {
            number = "0" + number[2..];
        }

        return number.StartsWith('0') && number.Length is 10 or 11 && number[1] != '0' ? number : null;
    }
}
