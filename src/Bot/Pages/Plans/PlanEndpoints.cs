using System.Globalization;
using ChildCare.Bot.Api;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using ChildCare.Core.Plans;
using Microsoft.AspNetCore.Antiforgery;

namespace ChildCare.Bot.Pages.Plans;

/// <summary>
/// <c>/plans</c>: an official pastes a plan or picks its .docx/.txt file (<c>POST /plans/extract</c>), reviews the
/// items found in a table (keep or not, title, date, role, the plan's sentence) and accepts them into one of their
/// units (<c>POST /plans/accept</c>, back to <c>/plans</c> with what was created). Signed-in officials only; both
/// forms carry an antiforgery token. Phones get one card per item, desktops a table.
/// </summary>
internal static class PlanEndpoints
{
    public const string Path = "/plans";

    public static RouteGroupBuilder MapPlanPages(this RouteGroupBuilder officials)
    {
        officials.MapGet(Path, FormAsync);
        officials.MapPost(Path + "/extract", ExtractAsync);
        officials.MapPost(Path + "/accept", AcceptAsync);
        return officials;
    }

    private static async Task<IResult> FormAsync(string? added, string? updated, string? unit, string? passed, DashboardUser user, HttpContext http, PlanImport import, CancellationToken cancellationToken)
    {
        var units = await import.UnitsForOfficialAsync(user.OfficialId, cancellationToken);
        var language = user.Language;
        List<string> notes = [], warnings = [];
        if (added is not null && units.FirstOrDefault(u => u.Code == unit) is { } done)
        {
            notes.Add(PlanTexts.Format("PageAccepted", language, Count(added), Count(updated), done.Name(language)));
            if (Count(passed) > 0)
            {
                warnings.Add(PlanTexts.Format("PageAcceptedPast", language, Count(passed)));
            }
        }

        return Upload(http, user, units, null, units.Count == 0 ? StatusCodes.Status403Forbidden : StatusCodes.Status200OK, notes, warnings);
    }

    private static async Task<IResult> ExtractAsync(HttpContext http, PlanImport import, PlanReader reader, PlanSettings settings, TimeProvider time,
        IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        // The form is read here, within the plan's size limit, before the token in it is checked.
        var (text, problem) = await PlanUpload.ReadAsync(http.Request, cancellationToken);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var user = (await DashboardUser.ForRequestAsync(http))!;
        var units = await import.UnitsForOfficialAsync(user.OfficialId, cancellationToken);
        if (units.Count == 0)
        {
            return Upload(http, user, units, null, StatusCodes.Status403Forbidden);
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
            return Upload(http, user, units, message, problem == PlanDocument.Problem.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest);
        }

        var (extraction, outcome) = await reader.ReadAsync("official:" + user.OfficialId.ToString(CultureInfo.InvariantCulture), text, cancellationToken);
        if (extraction is null)
        {
            return outcome == PlanReader.Outcome.TooMany
                ? Upload(http, user, units, PlanTexts.Get("PageTooMany", language), StatusCodes.Status429TooManyRequests)
                : Upload(http, user, units, PlanTexts.Format("PageTooSlow", language, (int)settings.ExtractionTimeLimit.TotalSeconds), StatusCodes.Status422UnprocessableEntity);
        }

        if (extraction.Items.Count == 0)
        {
            return Upload(http, user, units, PlanTexts.Get("ChatNothingFound", language), StatusCodes.Status200OK);
        }

        List<string> notes = extraction.Truncated ? [PlanTexts.Format("PageTruncated", language, PlanText.MaxLines)] : [];
        return Review(http, user, extraction.Year, extraction.Title, [.. extraction.Items.Select(i => new ReviewItem(i))], units, null, [], Today(time), notes, StatusCodes.Status200OK);
    }

    private static async Task<IResult> AcceptAsync(IFormCollection form, DashboardUser user, HttpContext http, PlanImport import, TimeProvider time, WebSettings web, CancellationToken cancellationToken)
    {
        var units = await import.UnitsForOfficialAsync(user.OfficialId, cancellationToken);
        if (units.Count == 0)
        {
            return Upload(http, user, units, null, StatusCodes.Status403Forbidden);
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
                return PageResults.SeeOther(http, web.Link(FormattableString.Invariant(
                    $"{Path}?added={result.RulesAdded}&updated={result.RulesUpdated}&unit={Uri.EscapeDataString(unit.Code)}&passed={PlanReview.PassedItems(kept, Today(time)).Count}"), http.Request));
            }

            problems.AddRange(result.Problems);
        }

        var status = unit is null ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        return Review(http, user, year, title, items, units, unit?.Code, problems, Today(time), [], status);
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

    private static IResult Upload(HttpContext http, DashboardUser user, IReadOnlyList<Core.Units.Unit> units, string? problem, int status, List<string>? notes = null, List<string>? warnings = null) =>
        PageResults.Page<PlanUploadPage>(http, new { User = user, Units = units, Problem = problem, Notes = (IReadOnlyList<string>?)notes ?? [], Warnings = (IReadOnlyList<string>?)warnings ?? [] }, status);

    private static IResult Review(HttpContext http, DashboardUser user, int? year, string? title, List<ReviewItem> items, IReadOnlyList<Core.Units.Unit> units,
        string? chosen, List<string> problems, DateOnly today, List<string> notes, int status) =>
        PageResults.Page<PlanReviewPage>(http, new { User = user, Year = year, PlanTitle = title, Items = items, Units = units, Chosen = chosen, Problems = problems, Today = today, Notes = notes }, status);

    private static DateOnly Today(TimeProvider time) => Core.Time.VietnamTime.Today(time);

    private static string? Optional(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int Count(string? value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
}
