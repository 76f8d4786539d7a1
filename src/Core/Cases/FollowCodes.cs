using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ChildCare.Core.Privacy;

namespace ChildCare.Core.Cases;

/// <summary>
/// A web reporter's follow code, <c>ABCD-EFGH</c>: the web chat forgets a chat once its report is filed (a phone may be
/// shared), so the reporter is shown this once, beside the case code, and asks the status later with both. It is derived
/// from the case's submission id under the privacy key and stored nowhere: the database alone cannot give it, and the
/// chat does not keep it. 40 bits, from letters and digits that cannot be mistaken for each other.
/// </summary>
public static partial class FollowCodes
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int Length = 8;

    /// <summary>The follow code of the case filed from <paramref name="submission"/>.</summary>
    public static string For(Sealer sealer, Guid submission)
    {
        ArgumentNullException.ThrowIfNull(sealer);
        var tag = Convert.FromHexString(sealer.Tag("follow:" + submission.ToString("N")));
        ulong bits = 0;
        for (var i = 0; i < 5; i++)
        {
            bits = (bits << 8) | tag[i];
        }

        var code = new StringBuilder(Length + 1);
        for (var i = Length - 1; i >= 0; i--)
        {
            code.Append(Alphabet[(int)((bits >> (5 * i)) & 31)]);
            if (i == Length / 2)
            {
                code.Append('-');
            }
        }

        return code.ToString();
    }

    /// <summary>Whether <paramref name="typed"/> is the follow code of <paramref name="submission"/> (compared in constant time).</summary>
    public static bool Matches(Sealer sealer, Guid submission, string typed) =>
        Normalise(typed) is { } given
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(For(sealer, submission)), Encoding.ASCII.GetBytes(given));

    /// <summary>A follow code as typed ("abcd efgh", "ABCDEFGH") written as shown (<c>ABCD-EFGH</c>); null when it cannot be one.</summary>
    public static string? Normalise(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var letters = new string([.. typed.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant)]);
        return letters.Length == Length && letters.All(c => Alphabet.Contains(c, StringComparison.Ordinal))
            ? letters[..(Length / 2)] + "-" + letters[(Length / 2)..]
            : null;
    }

    /// <summary>The follow code in what someone typed after a case code ("/status TE-2026-000123 abcd-efgh"); false when none.</summary>
    public static bool TryFind(string? text, out string code)
    {
        code = "";
        foreach (Match match in Candidate().Matches(text ?? ""))
        {
            if (Normalise(match.Value) is { } found)
            {
                code = found;
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"(?<![\w-])[A-Za-z2-9]{4}[\s\-]?[A-Za-z2-9]{4}(?![\w-])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Candidate();
}
