using System.Text;
using ChildCare.Core.Cases;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Conversations;

/// <summary>"Theo dõi báo cáo" / /status: the coarse status of this chat's own reports, never anyone else's.</summary>
internal static class StatusFlow
{
    public static Turn Ask(ConversationState state, string? typed)
    {
        string? code = null;
        if (typed is not null && CaseCode.TryFind(typed, out var found))
        {
            code = found;
        }

        return new Turn(state with { Step = ConversationStep.Idle }, [], new LookUpStatus(code));
    }

    public static Turn Show(ConversationState state, StatusFound found, Language language)
    {
        if (found.AskedCode is { } asked && found.Reports.Count == 0)
        {
            // The same answer whether the code does not exist or belongs to someone else: nothing to learn by guessing.
            return new Turn(state, [Replies.Menu(state, language, ConversationTexts.Format("StatusUnknownCode", language, asked))]);
        }

        if (found.Reports.Count == 0)
        {
            return new Turn(state, [Replies.Menu(state, language, ConversationTexts.Get("StatusNone", language))]);
        }

        var text = new StringBuilder(ConversationTexts.Get("StatusHeading", language));
        foreach (var report in found.Reports)
        {
            var local = TimeZoneInfo.ConvertTime(report.FiledAt, Time.VietnamTime.Zone);
            text.Append('\n').Append(ConversationTexts.Format("StatusLine", language, report.Code, local.DateTime, ConversationTexts.Get("Status" + report.Status, language)));
        }

        text.Append("\n\n").Append(ConversationTexts.Get("StatusFooter", language));
        return new Turn(state, [Replies.Menu(state, language, text.ToString())]);
    }
}
