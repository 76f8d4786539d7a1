using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.Resources;
using ChildCare.Core.Localization;
using ChildCare.Core.Units;

namespace ChildCare.Bot.Dashboard;

/// <summary>Pieces of markup every dashboard page uses: table cells that become labelled rows on a phone, options, facts, forms.</summary>
internal static class PageParts
{
    /// <summary>A cell whose column name a phone shows beside the value (the table turns into cards there).</summary>
    public static HtmlBuilder Cell(HtmlBuilder html, string label) => html.Raw("<td data-label=\"").Attr(label).Raw("\">");

    /// <summary>Opens a table (cards on a phone, see the stylesheet) with its column names; the caller writes the rows and closes it.</summary>
    public static void TableHead(HtmlBuilder html, string cssClass, Language language, params string[] columns)
    {
        html.Raw("<table class=\"").Attr(cssClass).Raw("\"><thead><tr>");
        foreach (var column in columns)
        {
            html.Element("th", DashboardTexts.Get(column, language));
        }

        html.Raw("</tr></thead><tbody>");
    }

    public static void Option(HtmlBuilder html, string value, string text, bool selected) =>
        html.Raw("<option value=\"").Attr(value).Raw(selected ? "\" selected>" : "\">").Text(text).Raw("</option>");

    public static void Fact(HtmlBuilder html, string label, string value) =>
        html.Raw("<div><dt>").Text(label).Raw("</dt><dd>").Text(string.IsNullOrWhiteSpace(value) ? "—" : value).Raw("</dd></div>");

    /// <summary>A form that posts to <paramref name="action"/> (relative), with the antiforgery field.</summary>
    public static HtmlBuilder PostForm(HtmlBuilder html, HttpContext http, string action, string cssClass = "action")
    {
        html.Raw("<form method=\"post\" class=\"").Attr(cssClass).Raw("\" action=\"").Attr(action).Raw("\">");
        DashboardLayout.AntiforgeryField(html, http);
        return html;
    }

    /// <summary>The page's title with a line under it.</summary>
    public static HtmlBuilder Heading(HtmlBuilder html, string title, string? subtitle = null)
    {
        html.Raw("<div class=\"heading\"><h1>").Text(title).Raw("</h1>");
        if (subtitle is not null)
        {
            html.Raw("<p class=\"muted\">").Text(subtitle).Raw("</p>");
        }

        return html.Raw("</div>");
    }

    /// <summary>A unit picker over the user's scope (indented by depth), the first option meaning all of them.</summary>
    public static void UnitSelect(HtmlBuilder html, DashboardScope scope, string? selected, Language language, string name = "unit")
    {
        html.Raw("<label>").Text(DashboardTexts.Get("FilterUnit", language)).Raw("<select name=\"").Attr(name).Raw("\"><option value=\"\">")
            .Text(DashboardTexts.Get("FilterAllUnits", language)).Raw("</option>");
        foreach (var unit in scope.Units)
        {
            Option(html, unit.Code, new string('\u00a0', 2 * Depth(unit.Code)) + unit.Name(language), unit.Code == selected);
        }

        html.Raw("</select></label>");
    }

    public static int Depth(string unitCode) => unitCode.Count(c => c == '/');

    /// <summary>Indentation by depth in the unit tree, as a class: the pages' policy allows no inline style.</summary>
    public static string DepthClass(string unitCode) => "depth-" + Math.Min(Depth(unitCode), 5).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A flash message after a post: a known text key, as success or refusal.</summary>
    public static void Flash(HtmlBuilder html, string? text, bool ok)
    {
        if (text is not null)
        {
            html.Raw(ok ? "<p class=\"flash ok\" role=\"status\">" : "<p class=\"flash error\" role=\"alert\">").Text(text).Raw("</p>");
        }
    }

    public static string UnitName(Unit? unit, Language language) => unit?.Name(language) ?? "—";
}
