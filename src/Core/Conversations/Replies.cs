using System.Text;
using ChildCare.Core.Directory;
using ChildCare.Core.Directory.Danger;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;

namespace ChildCare.Core.Conversations;

/// <summary>Replies more than one flow sends: the menu, the emergency numbers, button rows.</summary>
public static class Replies
{
    public static ConversationReply Text(string html, Keyboard? keyboard = null) => new(html, keyboard);

    public static Keyboard Buttons(params (string Text, string Data)[][] rows) =>
        Keyboard.Inline([.. rows.Select(row => (IReadOnlyList<KeyboardButton>)[.. row.Select(b => KeyboardButton.Callback(b.Text, b.Data))])]);

    /// <summary>The main menu, under <paramref name="lead"/> or the menu's own heading; "continue the report" first when one is open.</summary>
    public static ConversationReply Menu(ConversationState state, Language language, string? lead = null)
    {
        var rows = new List<(string, string)[]>();
        if (state.Report is not null)
        {
            rows.Add([(ConversationTexts.Get("MenuContinue", language), Conversations.Buttons.Continue)]);
        }

        rows.Add([(ConversationTexts.Get("MenuHelp", language), Conversations.Buttons.Help), (ConversationTexts.Get("MenuReport", language), Conversations.Buttons.Report)]);
        rows.Add([(ConversationTexts.Get("MenuGuide", language), Conversations.Buttons.Guide), (ConversationTexts.Get("MenuStatus", language), Conversations.Buttons.Status)]);
        var other = language == Language.Vi ? Language.En : Language.Vi;
        rows.Add([(ConversationTexts.Get("MenuOtherLanguage", language), Conversations.Buttons.LanguagePrefix + other.Code())]);
        return new ConversationReply(lead ?? ConversationTexts.Get("MenuHeading", language), Buttons([.. rows]));
    }

    /// <summary>Danger now, kind unknown ("is the child in danger now?" answered yes): police 113 first.</summary>
    public static ConversationReply Emergency(Language language) =>
        Emergency(new DangerResult(DangerFamily.Unspecified, EmergencyLine.Police, null), language);

    /// <summary>
    /// Danger now: the number to call first (113 or 115) leads, then the other and 111 (for self-harm 111 comes
    /// second, for counselling right away), then one line of what to do now for that kind of danger.
    /// </summary>
    public static ConversationReply Emergency(DangerResult danger, Language language)
    {
        ArgumentNullException.ThrowIfNull(danger);
        var ambulance = danger.First == EmergencyLine.Ambulance;
        string[] order = danger.Family == DangerFamily.SelfHarm ? ["115", "111", "113"] : ambulance ? ["115", "113", "111"] : ["113", "115", "111"];
        var text = new StringBuilder(ConversationTexts.Get(ambulance ? "EmergencyLead115" : "EmergencyLead113", language));
        foreach (var number in order)
        {
            text.Append('\n').Append(ConversationTexts.Get("EmergencyLine" + number, language));
        }

        foreach (var todo in WhatToDo(danger))
        {
            text.Append('\n').Append(ConversationTexts.Get("EmergencyDo" + todo, language));
        }

        return Text(text.ToString());
    }

    /// <summary>
    /// The lines of what to do now (ConversationTexts "EmergencyDo…"): when 115 comes first, the first aid the message
    /// calls for (DangerRules.json "firstAid": bleeding, a seizure, a poison ...), else the line for the kind of danger.
    /// A child who writes about themselves ("em bị", "he touches me") is spoken to first. Self-harm keeps its own line
    /// beside any first aid: stay with them.
    /// </summary>
    internal static IEnumerable<string> WhatToDo(DangerResult danger)
    {
        ArgumentNullException.ThrowIfNull(danger);
        // Said first to whoever wrote it about themselves; the usual line follows, in case someone else wrote it.
        if (danger.Writer && danger.Family != DangerFamily.SelfHarm)
        {
            yield return "Writer";
        }

        var aid = danger.Aid;
        switch (danger.Family)
        {
            case DangerFamily.Medical:
                yield return aid ?? nameof(DangerFamily.Medical);
                break;
            case DangerFamily.SelfHarm:
                if (aid is not null)
                {
                    yield return aid;
                }

                yield return nameof(DangerFamily.SelfHarm);
                break;
            case var _ when danger.First == EmergencyLine.Ambulance:
                // Hurt by someone: keep them away, then the first aid; the injury line already says bleeding and fainting.
                yield return "Injury";
                if (aid is not null and not ("Bleeding" or "Unconscious"))
                {
                    yield return aid;
                }

                break;
            case DangerFamily.None:
                yield return nameof(DangerFamily.Unspecified);
                break;
            case var family:
                yield return family.ToString();
                break;
        }
    }

    /// <summary>A number in bold: the web chat turns a bold number into a tap-to-call link.</summary>
    public static string Number(string number) => $"<b>{MessageHtml.Escape(number)}</b>";

    public static string Contacts(HelpDirectory directory, Province? province, IReadOnlyList<TrustedPlace> places, Language language)
    {
        var text = new StringBuilder();
        text.Append(ConversationTexts.Get("ContactsHeading", language));
        foreach (var line in directory.ContactsFor(province))
        {
            text.Append("\n\n📞 ").Append(Number(line.Number)).Append(" — ").Append(MessageHtml.Escape(language == Language.En ? line.NameEn : line.NameVi));
            var cost = ConversationTexts.Get(line.Cost == CallCost.Free ? "CostFree" : "CostMayApply", language);
            var hours = line.Hours is null ? ConversationTexts.Get("HoursUnknown", language) : MessageHtml.Escape(line.Hours);
            text.Append('\n').Append(ConversationTexts.Format("ContactFacts", language, cost, hours));
            // An administrator may leave what a line is for empty (the shipped ones all say it).
            if ((language == Language.En ? line.PurposeEn : line.PurposeVi) is { Length: > 0 } purpose)
            {
                text.Append('\n').Append(MessageHtml.Escape(purpose));
            }
        }

        foreach (var place in places)
        {
            text.Append("\n\n🏠 <b>").Append(MessageHtml.Escape(language == Language.En ? place.NameEn : place.NameVi)).Append("</b>\n")
                .Append(MessageHtml.Escape(place.Address));
            if (place.Phone is not null)
            {
                text.Append("\n📞 ").Append(Number(place.Phone));
            }

            if (place.Hours is not null)
            {
                text.Append(" · ").Append(MessageHtml.Escape(place.Hours));
            }

            if (place.Note is not null)
            {
                text.Append('\n').Append(MessageHtml.Escape(place.Note));
            }
        }

        text.Append("\n\n");
        text.Append(province is null
            ? ConversationTexts.Get("ContactsNoProvince", language)
            : ConversationTexts.Format("ContactsProvince", language, MessageHtml.Escape(language == Language.En ? province.NameEn : province.NameVi)));
        if (province is not null && !directory.Hotlines.Any(h => h.ProvinceCode == province.Code))
        {
            // Said plainly rather than left for the reader to notice: 111 connects them to their province.
            text.Append('\n').Append(ConversationTexts.Format("ContactsNoProvincialLine", language, MessageHtml.Escape(ProvinceName(province, language))));
        }

        return text.ToString();
    }

    public static string ProvinceName(Province province, Language language) => language == Language.En ? province.NameEn : province.NameVi;
}
