using System.Globalization;
using ChildCare.Bot.Api;
using ChildCare.Bot.Dashboard;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using ChildCare.Core.Plans;
using ChildCare.Core.Units;
using Microsoft.AspNetCore.Antiforgery;

namespace ChildCare.Bot.Pages.Plans;

/// <summary>
/// <c>/plans</c>: an official pastes a plan or picks its .docx/.txt file (<c>POST /plans/extract</c>), reviews the
/// items found in a table (keep or not, title, date, role, the plan's sentence) and accepts them into one of their
/// units (<c>POST /plans/accept</c>, back to <c>/plans</c> with what was created). Signed-in officials only; both
/// forms carry an antiforgery token. Phones get one card per item, desktops a table.
/// </summary>
internal static class PlanPages
{
    public const string Path = "/plans";

    private static readonly OfficialRole[] Roles = [.. Enum.GetValues<OfficialRole>().Where(r => r != OfficialRole.Viewer)];

    public static RouteGroupBuilder MapPlanPages(this RouteGroupBuilder officials)
    {
        officials.MapGet(Path, FormAsync);
        officials.MapPost(Path + "/extract", ExtractAsync);
        officials.MapPost(Path + "/accept", AcceptAsync);
        return officials;
    }

    private static async Task<IResult> FormAsync(string? added, string? updated, string? unit, string? passed, HttpContext http, PlanImport import, WebSettings web, CancellationToken cancellationToken)
    {
        var (refusal, user, units, html) = await OpenAsync(http, import, web, "", cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var language = user.Language;
        if (added is not null && units.FirstOrDefault(u => u.Code == unit) is { } done)
        {
            html.Raw("<p class=\"flash ok\" role=\"status\">").Text(PlanTexts.Format("PageAccepted", language, Count(added), Count(updated), done.Name(language))).Raw("</p>");
            if (Count(passed) > 0)
            {
                html.Raw("<p class=\"flash warning\" role=\"status\">").Text(PlanTexts.Format("PageAcceptedPast", language, Count(passed))).Raw("</p>");
            }
        }

        return Page(http, user, "", UploadForm(html, http, language, null));
    }

    private static async Task<IResult> ExtractAsync(HttpContext http, PlanImport import, PlanReader reader, PlanSettings settings, TimeProvider time, WebSettings web,
        IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        // The form is read here, within the plan's size limit, before the token in it is checked.
        var (text, problem) = await PlanUpload.ReadAsync(http.Request, cancellationToken);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var (refusal, user, units, html) = await OpenAsync(http, import, web, "../", cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var language = user.Language;
        if (text is null)
        {
            var message = problem switch
            {
                PlanDocument.Problem.TooLarge => PlanTexts.Format("PageTooLarge", language, PlanDocument.MaxMegabytes),
                PlanDocument.Problem.Empty => PlanTexts.Get("PageEmpty", language),
                _ => PlanTexts.Get("PageUnreadable", language),
            };
            return Page(http, user, "../", UploadForm(html, http, language, message), problem == PlanDocument.Problem.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest);
        }

        var (extraction, outcome) = await reader.ReadAsync("official:" + user.OfficialId.ToString(CultureInfo.InvariantCulture), text, cancellationToken);
        if (extraction is null)
        {
            return outcome == PlanReader.Outcome.TooMany
                ? Page(http, user, "../", UploadForm(html, http, language, PlanTexts.Get("PageTooMany", language)), StatusCodes.Status429TooManyRequests)
                : Page(http, user, "../", UploadForm(html, http, language, PlanTexts.Format("PageTooSlow", language, (int)settings.ExtractionTimeLimit.TotalSeconds)), StatusCodes.Status422UnprocessableEntity);
        }

        if (extraction.Items.Count == 0)
        {
            return Page(http, user, "../", UploadForm(html, http, language, PlanTexts.Get("ChatNothingFound", language)));
        }

        var notes = extraction.Truncated ? [PlanTexts.Format("PageTruncated", language, PlanText.MaxLines)] : new List<string>();
        return Page(http, user, "../", Review(html, http, language, extraction.Year, extraction.Title, [.. extraction.Items.Select(i => new ReviewItem(i))], units, null, [],
            Today(time), notes));
    }

    private static async Task<IResult> AcceptAsync(IFormCollection form, HttpContext http, PlanImport import, TimeProvider time, WebSettings web, CancellationToken cancellationToken)
    {
        var (refusal, user, units, html) = await OpenAsync(http, import, web, "../", cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var language = user.Language;
        var year = int.TryParse(form["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : (int?)null;
        var title = form["title"].ToString() is { Length: > 0 } t ? t : null;
        var (items, problems) = ReadItems(form, language);
        var unit = units.FirstOrDefault(u => u.Code == form["unit"].ToString());
        var kept = items.Where(i => !i.Dropped).Select(i => i.Item).ToList();
        if (problems.Count == 0 && kept.Count == 0)
        {
            problems.Add(PlanTexts.Get("PageNoneKept", language));
        }

        if (kept.Count > import.MaxItems)
        {
            problems.Add(PlanTexts.Format("PageTooManyItems", language, import.MaxItems, kept.Count));
        }

        if (problems.Count == 0 && unit is not null)
        {
            var result = await import.AcceptAsync(unit.Code, year, title, kept, cancellationToken);
            if (result.Succeeded)
            {
                PageResults.Secure(http.Response);
                http.Response.Headers.Location = web.Link(FormattableString.Invariant(
                    $"{Path}?added={result.RulesAdded}&updated={result.RulesUpdated}&unit={Uri.EscapeDataString(unit.Code)}&passed={PlanReview.PassedItems(kept, Today(time)).Count}")).AbsoluteUri;
                return Results.StatusCode(StatusCodes.Status303SeeOther);
            }

            problems.AddRange(result.Problems);
        }

        var status = unit is null ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        return Page(http, user, "../", Review(html, http, language, year, title, items, units, unit?.Code, problems, Today(time), []), status);
    }

    /// <summary>The posted rows back as items: kept or not, with the title, role and date the official left in them.</summary>
    private static (List<ReviewItem> Items, List<string> Problems) ReadItems(IFormCollection form, Language language)
    {
        var (items, problems) = (new List<ReviewItem>(), new List<string>());
        var count = int.TryParse(form["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Min(n, 500) : 0;
        for (var i = 1; i <= count; i++)
        {
            string Field(string name) => form[$"i{i}.{name}"].ToString();
            if (!Enum.TryParse<PlanItemKind>(Field("kind"), out var kind) || !Enum.TryParse<OfficialRole>(Field("role"), out var role)
                || !Recurrence.TryParse(Field("recurrence"), out _, out _))
            {
                continue;
            }

            var title = Field("title").Trim();
            var item = new ExtractedItem(kind, title.Length > 0 ? title : Field("original"), Field("recurrence"), role, Field("source"))
            {
                TitleEn = Optional(Field("titleEn")) is { } en && title == Field("original") ? en : null,
                UnitText = Optional(Field("unitText")),
                Event = Optional(Field("event")),
                Theme = Optional(Field("theme")),
                ThemeYear = int.TryParse(Field("themeYear"), NumberStyles.None, CultureInfo.InvariantCulture, out var themeYear) ? themeYear : null,
                From = DateOnly.TryParse(Field("from"), CultureInfo.InvariantCulture, out var from) ? from : null,
                Until = DateOnly.TryParse(Field("until"), CultureInfo.InvariantCulture, out var until) ? until : null,
            };
            var when = Field("when").Trim();
            if (when.Length > 0 && when != PlanReview.Typed(item.Recurrence))
            {
                if (PlanReview.Correct(item, when) is { } corrected)
                {
                    item = corrected;
                }
                else
                {
                    problems.Add(PlanTexts.Format("PageBadWhen", language, i, when));
                }
            }

            items.Add(new ReviewItem(item, Dropped: Field("keep") != "on"));
        }

        return (items, problems);
    }

    private static HtmlBuilder UploadForm(HtmlBuilder html, HttpContext http, Language language, string? problem)
    {
        string T(string name) => PlanTexts.Get(name, language);
        if (problem is not null)
        {
            html.Raw("<p class=\"flash error\" role=\"alert\">").Text(problem).Raw("</p>");
        }

        var action = http.Request.Path.StartsWithSegments(Path + "/extract") ? "extract" : "plans/extract";
        html.Raw("<section class=\"card\"><p class=\"muted\">").Text(T("PageIntro")).Raw("</p>")
            .Raw("<form method=\"post\" enctype=\"multipart/form-data\" class=\"plan-upload\" action=\"").Attr(action).Raw("\">");
        DashboardLayout.AntiforgeryField(html, http);
        html.Raw("<label>").Text(T("FieldText")).Raw("<textarea name=\"text\" rows=\"10\"></textarea></label>")
            .Raw("<label>").Text(PlanTexts.Format("FieldFile", language, PlanDocument.MaxMegabytes))
            .Raw("<input type=\"file\" name=\"file\" accept=\".docx,.txt,text/plain,").Attr(PlanDocument.DocxContentType).Raw("\"></label>")
            .Raw("<button type=\"submit\" class=\"primary\">").Text(T("ButtonExtract")).Raw("</button></form></section>");
        return html;
    }

    private static HtmlBuilder Review(HtmlBuilder html, HttpContext http, Language language, int? year, string? title, List<ReviewItem> items,
        IReadOnlyList<Unit> units, string? chosen, List<string> problems, DateOnly today, List<string> notes)
    {
        string T(string name) => PlanTexts.Get(name, language);
        html.Raw("<div class=\"heading\"><h2>").Text(PlanTexts.Format("ReviewTitle", language, items.Count)).Raw("</h2><p class=\"muted\">")
            .Text(PlanTexts.Format("PageYear", language, year?.ToString(CultureInfo.InvariantCulture) ?? PlanTexts.Get("ChatYearUnknown", language)))
            .Text(title is null ? "" : " · " + title).Raw("</p></div>");
        if (problems.Count > 0)
        {
            html.Raw("<div class=\"flash error\" role=\"alert\"><p>").Text(T("PageProblems")).Raw("</p><ul>");
            foreach (var problem in problems)
            {
                html.Element("li", problem);
            }

            html.Raw("</ul></div>");
        }

        // Dates that have passed (a 2024 one-off in a 2026 plan): created, but they will never remind.
        var passed = PlanReview.PassedItems([.. items.Select(i => i.Item)], today);
        foreach (var note in notes.Concat(passed.Select(p => PlanTexts.Format("PagePast", language, p.Number, p.Date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)))))
        {
            html.Raw("<p class=\"flash warning\" role=\"status\">").Text(note).Raw("</p>");
        }

        html.Raw("<form method=\"post\" action=\"accept\" class=\"plan-review\">");
        DashboardLayout.AntiforgeryField(html, http);
        Hidden(html, "year", year?.ToString(CultureInfo.InvariantCulture));
        Hidden(html, "title", title);
        Hidden(html, "count", items.Count.ToString(CultureInfo.InvariantCulture));
        html.Raw("<p class=\"muted\">").Text(T("ReviewIntro")).Raw("</p>")
            .Raw("<label class=\"plan-unit\">").Text(T("FieldUnit")).Raw("<select name=\"unit\" required>");
        foreach (var unit in units)
        {
            html.Raw("<option value=\"").Attr(unit.Code).Raw(unit.Code == chosen ? "\" selected>" : "\">").Text(unit.Name(language)).Raw("</option>");
        }

        html.Raw("</select></label><table class=\"queue plan-items\"><thead><tr>");
        foreach (var column in new[] { "ColKeep", "ColItem", "ColWhen", "ColRole", "ColSource" })
        {
            html.Element("th", T(column));
        }

        html.Raw("</tr></thead><tbody>");
        for (var i = 0; i < items.Count; i++)
        {
            Row(html, language, i + 1, items[i]);
        }

        return html.Raw("</tbody></table><div class=\"plan-actions\"><button type=\"submit\" class=\"primary\">").Text(T("ButtonAcceptPage"))
            .Raw("</button><a class=\"button secondary\" href=\"../plans\">").Text(T("StartAgain")).Raw("</a></div></form>");
    }

    private static void Row(HtmlBuilder html, Language language, int number, ReviewItem review)
    {
        string T(string name) => PlanTexts.Get(name, language);
        var item = review.Item;
        var name = $"i{number}.";
        html.Raw(review.Dropped ? "<tr class=\"dropped\">" : "<tr>").Raw("<td class=\"keep\" data-label=\"").Attr(T("ColKeep")).Raw("\">")
            .Raw("<label class=\"check\"><input type=\"checkbox\" value=\"on\" name=\"").Attr(name + "keep").Raw(review.Dropped ? "\">" : "\" checked>")
            .Text(number.ToString(CultureInfo.InvariantCulture)).Raw("</label>");
        Hidden(html, name + "kind", item.Kind.ToString());
        Hidden(html, name + "recurrence", item.Recurrence);
        Hidden(html, name + "source", item.SourceText);
        Hidden(html, name + "original", item.Title);
        Hidden(html, name + "titleEn", item.TitleEn);
        Hidden(html, name + "unitText", item.UnitText);
        Hidden(html, name + "event", item.Event);
        Hidden(html, name + "theme", item.Theme);
        Hidden(html, name + "themeYear", item.ThemeYear?.ToString(CultureInfo.InvariantCulture));
        Hidden(html, name + "from", item.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Hidden(html, name + "until", item.Until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        html.Raw("</td><td data-label=\"").Attr(T("ColItem")).Raw("\"><input name=\"").Attr(name + "title").Raw("\" maxlength=\"500\" value=\"").Attr(item.Title).Raw("\">")
            .Raw("<span class=\"muted small\">").Text(T("Kind_" + item.Kind)).Raw("</span>");
        if (item.Theme is { } theme)
        {
            html.Raw("<span class=\"muted small\">").Text(PlanTexts.Format("ChatItemTheme", language, item.ThemeYear, theme).Trim()).Raw("</span>");
        }

        html.Raw("</td><td data-label=\"").Attr(T("ColWhen")).Raw("\">");
        if (PlanReview.Typed(item.Recurrence) is { } typed)
        {
            html.Raw("<input name=\"").Attr(name + "when").Raw("\" maxlength=\"20\" value=\"").Attr(typed).Raw("\" aria-label=\"").Attr(T("FieldDate")).Raw("\">");
        }

        html.Raw("<span class=\"muted small\">").Text(PlanReview.Describe(item.Recurrence, language, item.Until)).Raw("</span></td>")
            .Raw("<td data-label=\"").Attr(T("ColRole")).Raw("\"><select name=\"").Attr(name + "role").Raw("\">");
        foreach (var role in Roles)
        {
            html.Raw("<option value=\"").Attr(role.ToString()).Raw(role == item.Role ? "\" selected>" : "\">").Text(ReminderTexts.Role(role, language)).Raw("</option>");
        }

        html.Raw("</select>");
        if (item.UnitText is { } unitText)
        {
            html.Raw("<span class=\"muted small\">").Text(unitText).Raw("</span>");
        }

        html.Raw("</td><td class=\"source\" data-label=\"").Attr(T("ColSource")).Raw("\"><q>").Text(item.SourceText).Raw("</q></td></tr>");
    }

    private static void Hidden(HtmlBuilder html, string name, string? value)
    {
        if (value is not null)
        {
            html.Raw("<input type=\"hidden\" name=\"").Attr(name).Raw("\" value=\"").Attr(value).Raw("\">");
        }
    }

    private static IResult Page(HttpContext http, DashboardUser user, string root, HtmlBuilder main, int status = StatusCodes.Status200OK) =>
        DashboardLayout.Page(http, user, user.Language, PlanTexts.Get("PageTitle", user.Language), root, main, status);

    /// <summary>
    /// The signed-in official, the units they may import into and the page's start; or the answer instead of the
    /// page: to sign-in without a session, a 403 page for an official who follows no such unit.
    /// </summary>
    private static async Task<(IResult? Refusal, DashboardUser User, IReadOnlyList<Unit> Units, HtmlBuilder Html)> OpenAsync(
        HttpContext http, PlanImport import, WebSettings web, string root, CancellationToken cancellationToken)
    {
        var user = (await DashboardUser.ForRequestAsync(http))!;

        var units = await import.UnitsForOfficialAsync(user.OfficialId, cancellationToken);
        var html = new HtmlBuilder().Raw("<link rel=\"stylesheet\" href=\"").Attr(root + "assets/plans.css").Raw("\">")
            .Raw("<div class=\"heading\"><h1>").Text(PlanTexts.Get("PageTitle", user.Language)).Raw("</h1></div>");
        var refusal = units.Count == 0
            ? Page(http, user, root, html.Raw("<p class=\"card empty\">").Text(PlanTexts.Get("ChatNoUnit", user.Language)).Raw("</p>"), StatusCodes.Status403Forbidden)
            : null;
        return (refusal, user, units, html);
    }

    private static DateOnly Today(TimeProvider time) => Core.Time.VietnamTime.Today(time);

    private static string? Optional(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int Count(string? value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
}
