using ChildCare.Core.Directory;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;

namespace ChildCare.Core.Conversations;

/// <summary>
/// "Gọi trợ giúp": 111 first, then the line of the person's province, 113, 115 and the trusted places of their
/// commune. The province is asked once and remembered.
/// </summary>
internal static class HelpFlow
{
    private const string RegionPrefix = "region-";

    /// <summary>The numbers; a province named in what was <paramref name="said"/> wins over the remembered one.</summary>
    public static Turn Show(ConversationState state, ConversationContext context, Language language, string? said = null)
    {
        if (said is not null && context.Directory.NamedProvince(said) is { } named)
        {
            return ShowProvince(state, named, context, language);
        }

        if (state.ProvinceCode is null)
        {
            return AskProvince(state, context, language);
        }

        return ShowFor(state, context.Directory.ProvinceByCode(state.ProvinceCode), context, language);
    }

    public static Turn AskProvince(ConversationState state, ConversationContext context, Language language)
    {
        // The national numbers straight away, so nobody waits on a question to learn 111.
        var now = Replies.Text(Replies.Contacts(context.Directory, null, [], language));
        var ask = Replies.Text(ConversationTexts.Get("HelpAskProvince", language), ProvinceButtons(context.Directory, language));
        return new Turn(state with { Step = ConversationStep.HelpProvince }, [now, ask]);
    }

    public static Turn OnProvinceAnswer(ConversationState state, ConversationInput input, ConversationContext context, Language language)
    {
        var typed = input.Text ?? "";
        if (typed.Length > 0 && context.Directory.FindProvince(typed) is { } province)
        {
            return ShowFor(state with { ProvinceCode = province.Code }, province, context, language);
        }

        var candidates = typed.Length > 0 ? context.Directory.CandidatesFor(typed) : [];
        var keyboard = candidates.Count > 0
            ? Replies.Buttons([.. candidates.Select(p => new[] { (Replies.ProvinceName(p, language), Buttons.HelpProvincePrefix + p.Code) }),
                [(ConversationTexts.Get("Skip", language), Buttons.HelpProvincePrefix + "skip")]])
            : ProvinceButtons(context.Directory, language);
        var said = candidates.Count > 0 ? "ProvincePickOne" : "ProvinceNotFound";
        return new Turn(state, [Replies.Text(ConversationTexts.Get(said, language), keyboard)]);
    }

    /// <summary>The numbers for a province someone named, remembered for next time.</summary>
    public static Turn ShowProvince(ConversationState state, Province province, ConversationContext context, Language language)
    {
        ArgumentNullException.ThrowIfNull(province);
        return ShowFor(state with { ProvinceCode = province.Code }, province, context, language);
    }

    public static Turn OnProvinceButton(ConversationState state, string code, ConversationContext context, Language language)
    {
        if (context.Directory.ProvinceByCode(code) is { } province)
        {
            return ShowProvince(state, province, context, language);
        }

        if (code.StartsWith(RegionPrefix, StringComparison.Ordinal) && ReportFlow.Named<ProvinceRegion>(code[RegionPrefix.Length..]) is { } region)
        {
            // Every province of the region; typing a name still works.
            var rows = context.Directory.Provinces.Where(p => p.Region == region)
                .Select(p => (Replies.ProvinceName(p, language), Buttons.HelpProvincePrefix + p.Code)).Chunk(2).ToList();
            rows.Add([(ConversationTexts.Get("Skip", language), Buttons.HelpProvincePrefix + "skip")]);
            return new Turn(state with { Step = ConversationStep.HelpProvince }, [Replies.Text(ConversationTexts.Get("ProvincePickOne", language), Replies.Buttons([.. rows]))]);
        }

        // "Skip": the national numbers are enough for now; nothing remembered.
        var idle = state with { Step = ConversationStep.Idle };
        return new Turn(idle, [Replies.Menu(idle, language, ConversationTexts.Get("HelpSkipped", language))]);
    }

    private static Turn ShowFor(ConversationState state, Province? province, ConversationContext context, Language language)
    {
        var next = state with { Step = ConversationStep.Idle };
        var places = context.Directory.PlacesIn(province?.Code, state.Commune);
        var keyboard = Replies.Buttons(
            [(ConversationTexts.Get("MenuReport", language), Buttons.Report), (ConversationTexts.Get("ChangeProvince", language), Buttons.ChangeProvince)],
            [(ConversationTexts.Get("MenuGuide", language), Buttons.Guide), (ConversationTexts.Get("MenuBack", language), Buttons.Menu)]);
        return new Turn(next, [Replies.Text(Replies.Contacts(context.Directory, province, places, language), keyboard)]);
    }

    /// <summary>
    /// Buttons for the provinces that have a line of their own, then the three regions (each opens its provinces,
    /// so all 34 are two taps away), and "skip"; a name may always be typed instead.
    /// </summary>
    private static Keyboard ProvinceButtons(HelpDirectory directory, Language language)
    {
        var withLines = directory.Hotlines.Where(h => h.ProvinceCode is not null).Select(h => h.ProvinceCode!).Distinct()
            .Select(directory.ProvinceByCode).OfType<Province>()
            .Select(p => new[] { (Replies.ProvinceName(p, language), Buttons.HelpProvincePrefix + p.Code) });
        (string, string)[] regions = [.. Enum.GetValues<ProvinceRegion>().Select(r => (ConversationTexts.Get("Region" + r, language), Buttons.HelpProvincePrefix + RegionPrefix + r))];
        return Replies.Buttons([.. withLines, regions, [(ConversationTexts.Get("Skip", language), Buttons.HelpProvincePrefix + "skip")]]);
    }
}
