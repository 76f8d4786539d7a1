namespace ChildCare.Core.Conversations;

/// <summary>
/// Button data of the help desk (at most 64 bytes on Telegram). Menu buttons work from any message, however
/// old; a report button names the step it answers, so a press on an earlier question is recognised as such.
/// </summary>
public static class Buttons
{
    public const string Menu = "m:menu";
    public const string Report = "m:report";
    public const string Continue = "m:continue";
    public const string Discard = "m:discard";
    public const string Help = "m:help";
    public const string ChangeProvince = "m:province";
    public const string Guide = "m:guide";
    public const string Status = "m:status";
    public const string LanguagePrefix = "m:lang:";
    public const string GuidePrefix = "g:";
    public const string HelpProvincePrefix = "hp:";
    public const string ReportPrefix = "r:";

    /// <summary>"r:ReportCategory:Violence": an answer to one question of the report.</summary>
    public static string Answer(ConversationStep step, string value) => $"{ReportPrefix}{step}:{value}";

    public static bool TryReadAnswer(string data, out ConversationStep step, out string value)
    {
        step = default;
        value = "";
        var rest = data.AsSpan(ReportPrefix.Length);
        var colon = rest.IndexOf(':');
        if (colon <= 0 || ReportFlow.Named<ConversationStep>(rest[..colon].ToString()) is not { } named)
        {
            return false;
        }

        step = named;
        value = rest[(colon + 1)..].ToString();
        return true;
    }
}
