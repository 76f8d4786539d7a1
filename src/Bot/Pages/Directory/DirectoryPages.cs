using System.Globalization;
using ChildCare.Bot.Dashboard;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.Resources;
using ChildCare.Core.Conversations;
using ChildCare.Core.Directory;
using ChildCare.Core.Localization;
using static ChildCare.Bot.Dashboard.PageParts;

namespace ChildCare.Bot.Pages.Directory;

/// <summary>
/// The bodies of the directory pages. Every value goes through <see cref="HtmlBuilder"/>'s encoding; the one
/// exception is a guide's preview, which is <see cref="GuidanceMarkup.ToHtml"/> (all escaped but &lt;b&gt; and &lt;i&gt;).
/// </summary>
internal static class DirectoryPages
{
    private static readonly HashSet<string> DoneKeys = ["Saved", "Deactivated", "Activated", "Restored", "Deleted"];

    private static HelpDirectory Shipped => HelpDirectoryProvider.Shipped;

    public static HtmlBuilder Hotlines(HttpContext http, DashboardUser user, DirectoryListing listing, string? province, string? flash, Dictionary<long, string> names)
    {
        var language = user.Language;
        string T(string name) => DirectoryTexts.Get(name, language);
        var html = Top(user, "hotlines", "", flash);
        var shown = listing.Hotlines
            .Where(h => province is null || (province == DirectoryEndpoints.National ? h.Line.ProvinceCode is null : h.Line.ProvinceCode == province))
            .OrderBy(h => h.Line.ProvinceCode is null ? 0 : 1).ThenBy(h => ProvinceName(h.Line.ProvinceCode, language), Collator(language))
            .ToList();
        ProvinceFilter(html, "directory", province, language, user.IsAdministrator ? ("directory/hotlines/" + DirectoryEndpoints.New, T("AddHotline")) : null);
        if (shown.Count == 0)
        {
            html.Raw("<p class=\"card empty\">").Text(T("NoHotlines")).Raw("</p>");
        }
        else
        {
            Columns(html, language, user.IsAdministrator, "ColNumber", "ColName", "ColProvince", "ColHours", "ColCost", "ColChecked", "ColState", "ColUpdated");
            foreach (var entry in shown)
            {
                var line = entry.Line;
                html.Raw(entry.Active ? "<tr>" : "<tr class=\"inactive\">")
                    .Raw("<td class=\"code\">").Text(line.Number).Raw("</td>");
                Cell(html, T("ColName")).Text(language == Language.En ? line.NameEn : line.NameVi).Raw("</td>");
                Cell(html, T("ColProvince")).Text(ProvinceName(line.ProvinceCode, language)).Raw("</td>");
                Cell(html, T("ColHours")).Text(line.Hours ?? T("HoursUnknown")).Raw("</td>");
                Cell(html, T("ColCost")).Text(T("Cost" + line.Cost)).Raw("</td>");
                Cell(html, T("ColChecked")).Text(Day(line.LastChecked)).Raw("</td>");
                Cell(html, T("ColState")).Raw(State(entry, language)).Raw("</td>");
                Cell(html, T("ColUpdated")).Text(Updated(entry.Record?.UpdatedBy, entry.Record?.UpdatedAt, names, user)).Raw("</td>");
                if (user.IsAdministrator)
                {
                    HotlineActions(html, http, entry, province, language);
                }

                html.Raw("</tr>");
            }

            html.Raw("</tbody></table>");
        }

        return Edits(html, listing, names, user);
    }

    public static HtmlBuilder HotlineForm(HttpContext http, DashboardUser user, string key, Hotline values, bool isFixed, DirectoryEditException? error)
    {
        var language = user.Language;
        string T(string name) => DirectoryTexts.Get(name, language);
        var isNew = key == DirectoryEndpoints.New;
        var html = FormTop(user, "BackToHotlines", "../../directory", isNew ? T("HotlineNewTitle") : DirectoryTexts.Format("HotlineEditTitle", language, values.Number), error);
        PostForm(html, http, "../../directory/hotlines/" + Uri.EscapeDataString(key), "card edit");
        Input(html, nameof(Hotline.Number), values.Number, error, language, DirectoryRules.MaxNumber, hint: T(isFixed ? "FixedNumberHint" : "NumberHint"), extra: isFixed ? " readonly" : " inputmode=\"tel\"");
        Input(html, nameof(Hotline.NameVi), values.NameVi, error, language, DirectoryRules.MaxName);
        Input(html, nameof(Hotline.NameEn), values.NameEn, error, language, DirectoryRules.MaxName);
        ProvinceSelect(html, values.ProvinceCode, error, language, T("NationalOption"));
        Input(html, nameof(Hotline.Hours), values.Hours, error, language, DirectoryRules.MaxHours, required: false);
        Select(html, nameof(Hotline.Cost), Enum.GetValues<CallCost>().Select(c => (c.ToString(), T("Cost" + c))), values.Cost.ToString(), error, language);
        Input(html, nameof(Hotline.LastChecked), Day(values.LastChecked, "yyyy-MM-dd"), error, language, 10, extra: " type=\"date\"");
        TextArea(html, nameof(Hotline.PurposeVi), values.PurposeVi, error, language, DirectoryRules.MaxPurpose, rows: 2, lang: Language.Vi);
        TextArea(html, nameof(Hotline.PurposeEn), values.PurposeEn, error, language, DirectoryRules.MaxPurpose, rows: 2, lang: Language.En);
        Input(html, nameof(Hotline.Source), values.Source, error, language, DirectoryRules.MaxPurpose, required: false);
        return FormButtons(html, "../../directory", language);
    }

    public static HtmlBuilder Places(HttpContext http, DashboardUser user, DirectoryListing listing, string? province, string? flash, Dictionary<long, string> names)
    {
        var language = user.Language;
        string T(string name) => DirectoryTexts.Get(name, language);
        var html = Top(user, "places", "../", flash);
        var shown = listing.Places
            .Where(p => province is null || p.Place.ProvinceCode == province)
            .OrderBy(p => ProvinceName(p.Place.ProvinceCode, language), Collator(language))
            .ThenBy(p => TextMatching.UnitName(p.Place.Commune), StringComparer.Ordinal)
            .ThenBy(p => p.Place.NameVi, Collator(Language.Vi))
            .ToList();
        ProvinceFilter(html, "places", province == DirectoryEndpoints.National ? null : province, language,
            user.IsAdministrator ? ("places/" + DirectoryEndpoints.New, T("AddPlace")) : null, national: false);
        if (shown.Count == 0)
        {
            html.Raw("<p class=\"card empty\">").Text(T("NoPlaces")).Raw("</p>");
        }
        else
        {
            Columns(html, language, user.IsAdministrator, "ColName", "ColProvince", "ColCommune", "ColKind", "ColAddress", "ColPhone", "ColHours", "ColNote", "ColChecked", "ColUpdated");
            foreach (var (place, record) in shown)
            {
                html.Raw("<tr><td class=\"code\">").Text(language == Language.En ? place.NameEn : place.NameVi).Raw("</td>");
                Cell(html, T("ColProvince")).Text(ProvinceName(place.ProvinceCode, language)).Raw("</td>");
                Cell(html, T("ColCommune")).Text(place.Commune).Raw("</td>");
                Cell(html, T("ColKind")).Text(T("Kind" + place.Kind)).Raw("</td>");
                Cell(html, T("ColAddress")).Text(place.Address).Raw("</td>");
                Cell(html, T("ColPhone")).Text(place.Phone ?? "—").Raw("</td>");
                Cell(html, T("ColHours")).Text(place.Hours ?? T("HoursUnknown")).Raw("</td>");
                Cell(html, T("ColNote")).Text(place.Note ?? "—").Raw("</td>");
                Cell(html, T("ColChecked")).Text(Day(place.LastChecked)).Raw("</td>");
                Cell(html, T("ColUpdated")).Text(Updated(record?.UpdatedBy, record?.UpdatedAt, names, user)).Raw("</td>");
                if (user.IsAdministrator)
                {
                    Cell(html, T("ColActions")).Raw("<div class=\"row-actions\">");
                    if (record is not null)
                    {
                        var id = record.Id.ToString(CultureInfo.InvariantCulture);
                        html.Raw("<a class=\"button secondary\" href=\"places/").Attr(id).Raw("\">").Text(T("Edit")).Raw("</a>");
                        PostForm(html, http, "places/" + id + "/delete", "inline");
                        Hidden(html, "province", province).Raw("<button type=\"submit\" class=\"danger\">").Text(T("Delete")).Raw("</button></form>");
                    }

                    html.Raw("</div></td>");
                }

                html.Raw("</tr>");
            }

            html.Raw("</tbody></table>");
        }

        return Edits(html, listing, names, user);
    }

    public static HtmlBuilder PlaceForm(HttpContext http, DashboardUser user, string id, TrustedPlace values, DirectoryEditException? error)
    {
        var language = user.Language;
        string T(string name) => DirectoryTexts.Get(name, language);
        var html = FormTop(user, "BackToPlaces", "../../directory/places", T(id == DirectoryEndpoints.New ? "PlaceNewTitle" : "PlaceEditTitle"), error);
        PostForm(html, http, "../../directory/places/" + Uri.EscapeDataString(id), "card edit");
        ProvinceSelect(html, values.ProvinceCode, error, language, national: null);
        Input(html, nameof(TrustedPlace.Commune), values.Commune, error, language, DirectoryRules.MaxCommune);
        Input(html, nameof(TrustedPlace.NameVi), values.NameVi, error, language, DirectoryRules.MaxName);
        Input(html, nameof(TrustedPlace.NameEn), values.NameEn, error, language, DirectoryRules.MaxName);
        Select(html, nameof(TrustedPlace.Kind), Enum.GetValues<PlaceKind>().Select(k => (k.ToString(), T("Kind" + k))), values.Kind.ToString(), error, language);
        Input(html, nameof(TrustedPlace.Address), values.Address, error, language, DirectoryRules.MaxAddress);
        Input(html, nameof(TrustedPlace.Phone), values.Phone, error, language, DirectoryRules.MaxNumber, required: false, hint: T("NumberHint"), extra: " inputmode=\"tel\"");
        Input(html, nameof(TrustedPlace.Hours), values.Hours, error, language, DirectoryRules.MaxHours, required: false);
        Input(html, nameof(TrustedPlace.LastChecked), Day(values.LastChecked, "yyyy-MM-dd"), error, language, 10, extra: " type=\"date\"");
        TextArea(html, nameof(TrustedPlace.Note), values.Note, error, language, DirectoryRules.MaxPurpose, rows: 2);
        return FormButtons(html, "../../directory/places", language);
    }

    public static HtmlBuilder Guidance(DashboardUser user, DirectoryListing listing, string? flash, Dictionary<long, string> names)
    {
        var language = user.Language;
        string T(string name) => DirectoryTexts.Get(name, language);
        var html = Top(user, "guidance", "../", flash);
        html.Raw("<p class=\"muted\">").Text(T("GuidanceIntro")).Raw("</p><div class=\"guides\">");
        foreach (var topic in Enum.GetValues<GuidanceTopic>())
        {
            html.Raw("<section class=\"card guide\"><h2>").Text(GuidanceFlow.Title(topic, language)).Raw("</h2><ul>");
            foreach (var text in new[] { Language.Vi, Language.En })
            {
                var record = listing.GuidanceFor(topic, text);
                html.Raw("<li><span class=\"language\">").Text(T("Language" + text)).Raw("</span> ")
                    .Raw(Badge(record is null ? "StateShipped" : "StateEdited", language)).Raw(" <span class=\"muted\">")
                    .Text(Updated(record?.UpdatedBy, record?.UpdatedAt, names, user)).Raw("</span>");
                if (user.IsAdministrator)
                {
                    html.Raw(" <a href=\"guidance/").Attr(topic.ToString()).Raw("/").Attr(text.Code()).Raw("\">").Text(T("Edit")).Raw("</a>");
                }

                html.Raw("</li>");
            }

            html.Raw("</ul></section>");
        }

        return Edits(html.Raw("</div>"), listing, names, user);
    }

    public static HtmlBuilder GuidanceForm(HttpContext http, DashboardUser user, GuidanceTopic topic, Language text, string value, GuidanceRecord? record, bool preview, DirectoryEditException? error)
    {
        var language = user.Language;
        string T(string name) => DirectoryTexts.Get(name, language);
        var path = "../../../directory/guidance/" + topic + "/" + text.Code();
        var html = FormTop(user, "BackToGuidance", "../../../directory/guidance", DirectoryTexts.Format("GuidanceEditTitle", language, GuidanceFlow.Title(topic, text), T("Language" + text)), error);
        html.Raw("<div class=\"columns\"><div class=\"main-column\">");
        PostForm(html, http, path, "card edit");
        html.Raw("<p class=\"muted\">").Text(DirectoryTexts.Format("MarkupHint", language, DirectoryRules.MaxGuidance)).Raw("</p>");
        TextArea(html, "Text", value, error, language, DirectoryRules.MaxGuidance, rows: 16, required: true, lang: text);
        html.Raw("<div class=\"buttons\"><button type=\"submit\" name=\"intent\" value=\"save\" class=\"primary\">").Text(T("Save")).Raw("</button>")
            .Raw("<button type=\"submit\" name=\"intent\" value=\"preview\" class=\"secondary\" formnovalidate>").Text(T("Preview")).Raw("</button>")
            .Raw("<a class=\"button secondary\" href=\"../../../directory/guidance\">").Text(T("Cancel")).Raw("</a></div></form>");
        if (record is not null)
        {
            PostForm(html, http, path + "/restore", "inline").Raw("<button type=\"submit\" class=\"danger\">").Text(T("Restore")).Raw("</button></form>");
        }

        html.Raw("</div><aside class=\"side-column\"><section class=\"card\"><h2>").Text(T("PreviewTitle")).Raw("</h2>");
        if (preview)
        {
            html.Raw("<p class=\"muted\">").Text(T("PreviewNotSaved")).Raw("</p>");
        }

        Preview(html, value, text);
        html.Raw("</section>");
        if (record is not null)
        {
            html.Raw("<section class=\"card\"><details><summary>").Text(T("ShippedTitle")).Raw("</summary>");
            Preview(html, GuidanceFlow.ShippedText(topic, text), text);
            html.Raw("</details></section>");
        }

        return html.Raw("</aside></div>");
    }

    // How Telegram shows it: line breaks kept, bold and italic; the text is all escaped but those two tags.
    private static void Preview(HtmlBuilder html, string text, Language language) =>
        html.Raw("<div class=\"preview\" lang=\"").Attr(language.Code()).Raw("\">").Raw(GuidanceMarkup.ToHtml(text)).Raw("</div>");

    /// <summary>The heading, the three tabs, the read-only notice and the message of the last change.</summary>
    private static HtmlBuilder Top(DashboardUser user, string tab, string root, string? flash)
    {
        var language = user.Language;
        string T(string name) => DirectoryTexts.Get(name, language);
        var html = Heading(new HtmlBuilder(), T("Title"), T("Intro"));
        html.Raw("<nav class=\"tabs\">");
        foreach (var (name, path) in new[] { ("hotlines", "directory"), ("places", "directory/places"), ("guidance", "directory/guidance") })
        {
            html.Raw("<a href=\"").Attr(root + path).Raw(name == tab ? "\" aria-current=\"page\">" : "\">").Text(T("Tab" + char.ToUpperInvariant(name[0]) + name[1..])).Raw("</a>");
        }

        html.Raw("</nav>");
        if (!user.IsAdministrator)
        {
            html.Raw("<p class=\"muted\">").Text(T("ReadOnly")).Raw("</p>");
        }

        // Only a known key is shown: a done message, or the words of a rule that refused the change.
        var ok = flash is not null && DoneKeys.Contains(flash);
        var problem = flash is not null && !ok && FormValues.ReadEnum<DirectoryProblem>(flash) is { } known ? Problem(known, null, 0, language) : null;
        Flash(html, ok ? T("Flash" + flash) : problem, ok);
        return html;
    }

    private static HtmlBuilder FormTop(DashboardUser user, string back, string backPath, string title, DirectoryEditException? error)
    {
        var html = new HtmlBuilder().Raw("<p class=\"back\"><a href=\"").Attr(backPath).Raw("\">").Text(DirectoryTexts.Get(back, user.Language)).Raw("</a></p>");
        Heading(html, title);
        Flash(html, error is null ? null : Problem(error.Problem, error.Field, error.Limit, user.Language), ok: false);
        return html;
    }

    private static HtmlBuilder FormButtons(HtmlBuilder html, string cancel, Language language) =>
        html.Raw("<div class=\"buttons\"><button type=\"submit\" class=\"primary\">").Text(DirectoryTexts.Get("Save", language)).Raw("</button><a class=\"button secondary\" href=\"")
            .Attr(cancel).Raw("\">").Text(DirectoryTexts.Get("Cancel", language)).Raw("</a></div></form>");

    /// <summary>A refusal in words, naming the field it is about.</summary>
    public static string Problem(DirectoryProblem problem, string? field, int limit, Language language) =>
        DirectoryTexts.Format("Problem" + problem, language, field is null ? "" : FieldName(field, language), limit);

    private static string FieldName(string field, Language language) => DirectoryTexts.TryGet("Field" + field, language) ?? field;

    private static void ProvinceFilter(HtmlBuilder html, string action, string? province, Language language, (string Path, string Text)? add, bool national = true)
    {
        string T(string name) => DirectoryTexts.Get(name, language);
        html.Raw("<form method=\"get\" action=\"").Attr(action).Raw("\" class=\"filters card\"><label>").Text(T("FilterProvince"))
            .Raw("<select name=\"province\"><option value=\"\">").Text(T("FilterAll")).Raw("</option>");
        if (national)
        {
            Option(html, DirectoryEndpoints.National, T("National"), province == DirectoryEndpoints.National);
        }

        foreach (var known in SortedProvinces(language))
        {
            Option(html, known.Code, Replies.ProvinceName(known, language), province == known.Code);
        }

        html.Raw("</select></label><div class=\"buttons\"><button type=\"submit\">").Text(T("FilterApply")).Raw("</button>");
        if (add is { } link)
        {
            html.Raw("<a class=\"button secondary\" href=\"").Attr(link.Path).Raw("\">").Text(link.Text).Raw("</a>");
        }

        html.Raw("</div></form>");
    }

    private static void ProvinceSelect(HtmlBuilder html, string? selected, DirectoryEditException? error, Language language, string? national)
    {
        Label(html, nameof(Hotline.ProvinceCode), error, language).Raw("<select name=\"ProvinceCode\"").Raw(national is null ? " required>" : ">");
        html.Raw("<option value=\"\">").Text(national ?? "").Raw("</option>");
        foreach (var province in SortedProvinces(language))
        {
            Option(html, province.Code, Replies.ProvinceName(province, language), province.Code == selected);
        }

        html.Raw("</select></label>");
    }

    private static void HotlineActions(HtmlBuilder html, HttpContext http, HotlineEntry entry, string? province, Language language)
    {
        string T(string name) => DirectoryTexts.Get(name, language);
        var key = Uri.EscapeDataString(entry.Key);
        Cell(html, T("ColActions")).Raw("<div class=\"row-actions\"><a class=\"button secondary\" href=\"directory/hotlines/").Attr(key).Raw("\">").Text(T("Edit")).Raw("</a>");
        if (entry.IsFixed)
        {
            html.Raw("<span class=\"muted\">").Text(T("AlwaysOn")).Raw("</span>");
        }
        else
        {
            PostForm(html, http, "directory/hotlines/" + key + "/active", "inline");
            Hidden(Hidden(html, "province", province), "active", entry.Active ? "false" : "true")
                .Raw("<button type=\"submit\" class=\"secondary\">").Text(T(entry.Active ? "Deactivate" : "Activate")).Raw("</button></form>");
        }

        if (entry is { IsShipped: true, Record: not null })
        {
            PostForm(html, http, "directory/hotlines/" + key + "/restore", "inline");
            Hidden(html, "province", province).Raw("<button type=\"submit\" class=\"danger\">").Text(T("Restore")).Raw("</button></form>");
        }

        html.Raw("</div></td>");
    }

    private static HtmlBuilder Edits(HtmlBuilder html, DirectoryListing listing, Dictionary<long, string> names, DashboardUser user)
    {
        var language = user.Language;
        string T(string name) => DirectoryTexts.Get(name, language);
        html.Raw("<section class=\"card\"><h2>").Text(T("RecentEdits")).Raw("</h2>");
        if (listing.Edits.Count == 0)
        {
            return html.Raw("<p class=\"muted\">").Text(T("NoEdits")).Raw("</p></section>");
        }

        html.Raw("<ol class=\"timeline\">");
        foreach (var edit in listing.Edits)
        {
            html.Raw("<li><time>").Text(Core.Cases.CaseNotifier.Local(edit.At)).Raw("</time><div class=\"what\"><span class=\"action\">").Text(T("Action" + edit.Action)).Raw("</span> ")
                .Text(Subject(edit.Subject, listing, language)).Raw(" <span class=\"actor\">").Text(PageText.Actor(edit.Actor, names, user, language)).Raw("</span></div></li>");
        }

        return html.Raw("</ol></section>");
    }

    /// <summary>What an edit was about, in words: "Đường dây 18001744", "Hướng dẫn … (Tiếng Anh)".</summary>
    private static string Subject(string subject, DirectoryListing listing, Language language)
    {
        var parts = subject.Split(':');
        return parts switch
        {
            ["hotline", var key] => DirectoryTexts.Format("SubjectHotline", language, listing.Hotlines.FirstOrDefault(h => h.Key == key)?.Line.Number ?? key),
            ["place", var id] => DirectoryTexts.Format("SubjectPlace", language,
                listing.Places.FirstOrDefault(p => p.Record?.Id.ToString(CultureInfo.InvariantCulture) == id) is { } place ? (language == Language.En ? place.Place.NameEn : place.Place.NameVi) : "#" + id),
            ["guidance", var topic, var code] when FormValues.ReadEnum<GuidanceTopic>(topic) is { } known =>
                DirectoryTexts.Format("SubjectGuidance", language, GuidanceFlow.Title(known, language), DirectoryTexts.Get("Language" + Languages.FromCode(code), language)),
            _ => subject,
        };
    }

    private static string State(HotlineEntry entry, Language language) =>
        Badge(entry.IsShipped ? entry.Record is null ? "StateShipped" : "StateEdited" : "StateAdded", language) + (entry.Active ? "" : " " + Badge("StateInactive", language));

    private static string Badge(string state, Language language) =>
        new HtmlBuilder().Raw("<span class=\"pill ").Attr(state.ToLowerInvariant()).Raw("\">").Text(DirectoryTexts.Get(state, language)).Raw("</span>").ToString();

    private static string Updated(string? actor, DateTimeOffset? at, Dictionary<long, string> names, DashboardUser user) =>
        actor is null || at is null ? "—" : DirectoryTexts.Format("UpdatedBy", user.Language, PageText.Actor(actor, names, user, user.Language), Core.Cases.CaseNotifier.Local(at.Value));

    private static void Columns(HtmlBuilder html, Language language, bool actions, params string[] columns)
    {
        html.Raw("<table class=\"queue directory\"><thead><tr>");
        foreach (var column in actions ? [.. columns, "ColActions"] : columns)
        {
            html.Element("th", DirectoryTexts.Get(column, language));
        }

        html.Raw("</tr></thead><tbody>");
    }

    private static HtmlBuilder Label(HtmlBuilder html, string field, DirectoryEditException? error, Language language, bool required = true)
    {
        html.Raw(error?.Field == field ? "<label class=\"invalid\">" : "<label>").Text(FieldName(field, language));
        return required ? html : html.Raw(" <span class=\"muted\">(").Text(DirectoryTexts.Get("Optional", language)).Raw(")</span>");
    }

    private static void Input(HtmlBuilder html, string field, string? value, DirectoryEditException? error, Language language, int max, bool required = true, string? hint = null, string extra = "")
    {
        Label(html, field, error, language, required).Raw("<input name=\"").Attr(field).Raw("\" value=\"").Attr(value).Raw("\" maxlength=\"")
            .Raw(max.ToString(CultureInfo.InvariantCulture)).Raw("\"").Raw(required ? " required" : "").Raw(error?.Field == field ? " aria-invalid=\"true\"" : "").Raw(extra).Raw(">");
        if (hint is not null)
        {
            html.Raw("<small class=\"hint\">").Text(hint).Raw("</small>");
        }

        html.Raw("</label>");
    }

    private static void TextArea(HtmlBuilder html, string field, string? value, DirectoryEditException? error, Language language, int max, int rows, bool required = false, Language? lang = null)
    {
        Label(html, field, error, language, required).Raw("<textarea name=\"").Attr(field).Raw("\" rows=\"").Raw(rows.ToString(CultureInfo.InvariantCulture))
            .Raw("\" maxlength=\"").Raw(max.ToString(CultureInfo.InvariantCulture)).Raw("\"").Raw(lang is { } code ? " lang=\"" + code.Code() + "\"" : "")
            .Raw(error?.Field == field ? " aria-invalid=\"true\">" : ">").Text(value).Raw("</textarea></label>");
    }

    private static void Select(HtmlBuilder html, string field, IEnumerable<(string Value, string Text)> options, string selected, DirectoryEditException? error, Language language)
    {
        Label(html, field, error, language).Raw("<select name=\"").Attr(field).Raw("\">");
        foreach (var (value, text) in options)
        {
            Option(html, value, text, value == selected);
        }

        html.Raw("</select></label>");
    }

    private static HtmlBuilder Hidden(HtmlBuilder html, string name, string? value) =>
        value is null ? html : html.Raw("<input type=\"hidden\" name=\"").Attr(name).Raw("\" value=\"").Attr(value).Raw("\">");

    private static string ProvinceName(string? code, Language language) =>
        code is null ? DirectoryTexts.Get("National", language)
        : Shipped.ProvinceByCode(code) is { } province ? Replies.ProvinceName(province, language) : code;

    private static IEnumerable<Province> SortedProvinces(Language language) =>
        Shipped.Provinces.OrderBy(p => Replies.ProvinceName(p, language), Collator(language));

    private static StringComparer Collator(Language language) => StringComparer.Create(language.Culture(), ignoreCase: true);

    private static string Day(DateOnly day, string format = "dd/MM/yyyy") => day == default ? "" : day.ToString(format, CultureInfo.InvariantCulture);
}
