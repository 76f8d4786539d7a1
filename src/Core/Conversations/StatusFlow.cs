using System.Text;
using ChildCare.Core.Cases;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Conversations;

/// <summary>"Theo dõi báo cáo" / /status: the coarse status of this chat's own reports, never anyone else's.</summary>
internal static class StatusFlow
{
    /// <summary>A case code in <paramref name="typed"/>, and a follow code after it ("TE-2026-000123 ABCD-EFGH").</summary>
    public static Turn Ask(ConversationState state, string? typed)
    {
        string? code = null;
        string? follow = null;
        if (typed is not null && CaseCode.TryFind(typed, out var found))
        {
            code = found;
            follow = FollowCodes.TryFind(typed, out var given) ? given : null;
        }

        return new Turn(state with { Step = ConversationStep.Idle }, [], new LookUpStatus(code, follow));
    }

    public static Turn Show(ConversationState state, StatusFound found, ConversationContext context, Language language)
    {
        // Where the chat is forgotten after each report (the web), a report is followed by its code and follow code.
        var web = context.ForgetsAfterReport;
        if (found.Limited && found.AskedCode is { } tried)
        {
            return new Turn(state, [Replies.Menu(state, language, ConversationTexts.Format("StatusTooManyTries", language, tried))]);
        }

        if (found.AskedCode is { } asked && found.Reports.Count == 0)
        {
            // The same answer whether the code does not exist or belongs to someone else: nothing to learn by guessing.
            return new Turn(state, [Replies.Menu(state, language, ConversationTexts.Format(web ? "StatusUnknownCodeWeb" : "StatusUnknownCode", language, asked))]);
        }

        if (found.Reports.Count == 0)
        {
            return new Turn(state, [Replies.Menu(state, language, ConversationTexts.Get(web ? "StatusNoneWeb" : "StatusNone", language))]);
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
