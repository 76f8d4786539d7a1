using ChildCare.Bot.SignIn;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Officials;
using ChildCare.Core.Plans;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChildCare.Bot.Api;

/// <summary>
/// <c>/api/plans/...</c>: read a plan (text, .txt or .docx) into the deadlines and events it names, and accept
/// items as rules of a unit. For officials signed in with the <c>cc_session</c> cookie (the plan page's users),
/// who accept into the units they follow in a role other than viewer; administrators import plan files through
/// <c>/api/admin/plans</c>. The cookie is SameSite=Lax, so another site's form cannot post here with it.
/// </summary>
internal static partial class PlansApi
{
    private static readonly object ImporterItem = new();
    private static readonly object OfficialItem = new();

    /// <summary>An accept's body may be this large: <see cref="PlanSettings.MaxAcceptItems"/> items with their sentences fit well within it.</summary>
    public const int MaxAcceptBytes = 1024 * 1024;

    private const string AcceptExample =
        """{"unit": "thanh-hoa/cam-tan", "year": 2027, "items": [{"kind": "Report", "title": "Báo cáo 6 tháng", "recurrence": "yearly 15/5", "role": "ChildProtection", "sourceText": "Báo cáo 6 tháng trước ngày 15/5"}]}""";

    /// <summary>
    /// <c>truncated</c>: the plan was longer than is read (only its first part was); <c>warnings</c>: items whose
    /// date has passed (they are created but never remind).
    /// </summary>
    internal sealed record ExtractResponse(int? Year, string? Title, IReadOnlyList<PlanItemBody> Items, bool Truncated, IReadOnlyList<PlanWarning> Warnings);

    internal sealed record AcceptBody(string Unit, int? Year, string? Title, IReadOnlyList<PlanItemBody>? Items);

    /// <summary><c>warnings</c>: accepted items whose date has passed; their rules exist but will not remind.</summary>
    internal sealed record AcceptResponse(string Unit, int RulesAdded, int RulesUpdated, IReadOnlyList<string> Rules, IReadOnlyList<PlanWarning> Warnings);

    /// <summary>An item (numbered from 1 in the list sent) whose date has passed, with what to tell the official in both languages.</summary>
    internal sealed record PlanWarning(int Item, DateOnly Date, string Vi, string En)
    {
        public static IReadOnlyList<PlanWarning> Passed(IReadOnlyList<ExtractedItem> items, TimeProvider time) =>
            [.. PlanReview.PassedItems(items, Core.Time.VietnamTime.Today(time)).Select(p => new PlanWarning(p.Number, p.Date,
                PlanTexts.Format("PagePast", Core.Localization.Language.Vi, p.Number, p.Date.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)),
                PlanTexts.Format("PagePast", Core.Localization.Language.En, p.Number, p.Date.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture))))];
    }

    /// <summary>
    /// An item: <c>recurrence</c> is the rule's own syntax and the one field read back on accept (with kind, title,
    /// role, source, theme); the date fields spell it out: <c>dueDate</c> (once), <c>month</c>/<c>day</c> (a
    /// yearly or lunar day, the first of a period), <c>endMonth</c>/<c>endDay</c> (a period's last day),
    /// <c>quarter</c>/<c>quarterYear</c>, <c>dayOfMonth</c> (monthly and quarterly; 0 is the last day), <c>weekday</c>.
    /// </summary>
    internal sealed record PlanItemBody(
        PlanItemKind Kind,
        string Title,
        string Recurrence,
        OfficialRole Role,
        string SourceText,
        string? TitleEn = null,
        RuleKind? RuleKind = null,
        string? UnitText = null,
        string? Event = null,
        bool Lunar = false,
        DateOnly? DueDate = null,
        int? Month = null,
        int? Day = null,
        int? EndMonth = null,
        int? EndDay = null,
        int? Quarter = null,
        int? QuarterYear = null,
        int? DayOfMonth = null,
        string? Weekday = null,
        string? Theme = null,
        int? ThemeYear = null,
        DateOnly? From = null,
        DateOnly? Until = null)
    {
        public static PlanItemBody Of(ExtractedItem item)
        {
            ArgumentNullException.ThrowIfNull(item);
            var body = new PlanItemBody(item.Kind, item.Title, item.Recurrence, item.Role, item.SourceText, item.TitleEn, item.RuleKind, item.UnitText, item.Event,
                Theme: item.Theme, ThemeYear: item.ThemeYear, From: item.From, Until: item.Until);
            return item.Schedule() switch
            {
                Recurrence.Once once => body with { DueDate = once.Date },
                Recurrence.Yearly { Days: [var day, ..] } => body with { Month = day.Month, Day = day.Day },
                Recurrence.LunarYearly lunar => body with { Lunar = true, Month = lunar.LunarDay.Month, Day = lunar.LunarDay.Day },
                Recurrence.YearlyRange range => body with { Month = range.First.Month, Day = range.First.Day, EndMonth = range.Last.Month, EndDay = range.Last.Day },
                Recurrence.WithinQuarter within => body with { Quarter = within.Quarter, QuarterYear = within.Year, DueDate = within.Last },
                Recurrence.Monthly monthly => body with { DayOfMonth = monthly.Day },
                Recurrence.Quarterly quarterly => body with { DayOfMonth = quarterly.Day },
                Recurrence.Weekly weekly => body with { Weekday = weekly.Weekday.ToString() },
                _ => body,
            };
        }

        public ExtractedItem ToItem() => new(Kind, Title, Recurrence, Role, SourceText)
        {
            TitleEn = TitleEn, UnitText = UnitText, Event = Event, Theme = Theme, ThemeYear = ThemeYear, From = From, Until = Until,
        };
    }

    /// <summary>Maps the API and the plan page (<c>/plans</c>).</summary>
    public static IEndpointRouteBuilder MapPlans(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/plans").WithTags("Plans").AddEndpointFilter(RequireImporter);
        api.MapPost("/extract", Extract).WithName("ExtractPlan").DisableAntiforgery()
            .WithSummary("Finds the deadlines and events of a plan sent as text/plain, as a .docx body, or as a form with a .docx or .txt file (at most 2 MB).");
        api.MapPost("/accept", Accept).WithName("AcceptPlan").Accepts<AcceptBody>("application/json")
            .WithSummary("Creates (or updates) one rule per item (at most 200 by default, a body of at most 1 MB) in a unit the signed-in official follows; nothing is saved when an item has a problem. Occurrences are planned right after, in the background.");
        return app;
    }

    private static async Task<Results<Ok<ExtractResponse>, ProblemHttpResult>> Extract(HttpRequest request, PlanReader reader, PlanSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var (text, problem) = await PlanUpload.ReadAsync(request, cancellationToken);
        if (text is null)
        {
            return problem switch
            {
                PlanDocument.Problem.TooLarge => TypedResults.Problem(
                    $"The plan is larger than {PlanDocument.MaxMegabytes} MB. Send the part with its deadlines and events.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Plan too large"),
                PlanDocument.Problem.Empty => TypedResults.Problem(
                    "Send the plan's text as text/plain, or a .docx or .txt file (a form field named 'file', or the text in a field named 'text').", statusCode: StatusCodes.Status400BadRequest, title: "No plan"),
                PlanDocument.Problem.Unsupported => TypedResults.Problem(
                    "Only .docx and .txt files are read (save a .doc or .pdf as .docx, or paste its text).", statusCode: StatusCodes.Status400BadRequest, title: "Unsupported file"),
                _ => TypedResults.Problem("The file is not a readable .docx or .txt document.", statusCode: StatusCodes.Status400BadRequest, title: "Unreadable file"),
            };
        }

        var (extraction, outcome) = await reader.ReadAsync(Who(request.HttpContext), text, cancellationToken);
        if (extraction is null)
        {
            return outcome == PlanReader.Outcome.TooMany
                ? TypedResults.Problem($"At most {settings.ExtractionsPerMinute} plans a minute are read for one official. Wait a minute and send it again.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too many plans")
                : TypedResults.Problem($"Reading the plan took longer than {settings.ExtractionTimeLimit.TotalSeconds:0} s and was stopped. Send the part with its deadlines and events.",
                    statusCode: StatusCodes.Status422UnprocessableEntity, title: "Plan too slow to read");
        }

        return TypedResults.Ok(new ExtractResponse(extraction.Year, extraction.Title, [.. extraction.Items.Select(PlanItemBody.Of)], extraction.Truncated,
            PlanWarning.Passed(extraction.Items, time)));
    }

    private static async Task<Results<Ok<AcceptResponse>, ValidationProblem, ProblemHttpResult>> Accept(
        HttpContext http, PlanImport import, TimeProvider time, CancellationToken cancellationToken)
    {
        // Read here within a size limit (not bound by the framework, which reads any length first).
        if (!await BufferWithinLimitAsync(http.Request, cancellationToken))
        {
            return TypedResults.Problem($"An accept is at most {MaxAcceptBytes / 1024} KB and {import.MaxItems} items. Accept the plan in parts.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many items");
        }

        var (body, unreadable) = await ApiJson.ReadAsync<AcceptBody>(http.Request, "plan", AcceptExample, cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (body?.Items is { } many && many.Count > import.MaxItems)
        {
            return TypedResults.Problem($"At most {import.MaxItems} items can be accepted at once; {many.Count} were sent. Accept the plan in parts.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many items");
        }

        if (body?.Items is not { Count: > 0 } items || string.IsNullOrWhiteSpace(body.Unit))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["plan"] = ["unit and at least one item are required."] });
        }

        var units = (IReadOnlyList<Core.Units.Unit>)http.Items[ImporterItem]!;
        if (!units.Any(u => u.Code == body.Unit))
        {
            return TypedResults.Problem($"You do not follow the unit '{body.Unit}' in a role that may import plans.", statusCode: StatusCodes.Status403Forbidden, title: "Not your unit");
        }

        var accepted = items.Select(i => i.ToItem()).ToList();
        var result = await import.AcceptAsync(body.Unit, body.Year, body.Title, accepted, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(new AcceptResponse(body.Unit, result.RulesAdded, result.RulesUpdated, [.. accepted.Select(i => PlanImport.RuleCode(body.Unit, i))],
                PlanWarning.Passed(accepted, time)))
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["items"] = [.. result.Problems] });
    }

    /// <summary>
    /// Reads the body into memory, at most <see cref="MaxAcceptBytes"/>, and puts it back as the request's body
    /// (false: it is larger). The server's own limit is set too, where it applies.
    /// </summary>
    private static async Task<bool> BufferWithinLimitAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxAcceptBytes)
        {
            return false;
        }

        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxAcceptBytes;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxAcceptBytes)
                {
                    return false;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }

        buffer.Position = 0;
        request.HttpContext.Response.RegisterForDispose(buffer);
        request.Body = buffer;
        return true;
    }

    private static string Who(HttpContext http) => "official:" + ((long)http.Items[OfficialItem]!).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A signed-in official who follows a unit in a role that may import; 401 or 403 with a problem otherwise.</summary>
    private static async ValueTask<object?> RequireImporter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers.CacheControl = "no-store";
        var services = http.RequestServices;
        if (await services.GetRequiredService<OfficialSignIn>().OfficialForSessionAsync(SessionCookie.Read(http.Request), http.RequestAborted) is not { } officialId)
        {
            LogRefused(services.GetRequiredService<ILoggerFactory>().CreateLogger("ChildCare.Api"), "no session");
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Plans need a signed-in official",
                detail: "Sign in: send /login to the bot and open the link.");
        }

        var units = await services.GetRequiredService<PlanImport>().UnitsForOfficialAsync(officialId, http.RequestAborted);
        if (units.Count == 0)
        {
            LogRefused(services.GetRequiredService<ILoggerFactory>().CreateLogger("ChildCare.Api"), "no unit");
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No unit",
                detail: "You follow no unit in a role that may import plans. Join one with an invite code (/join in the bot).");
        }

        http.Items[ImporterItem] = units;
        http.Items[OfficialItem] = officialId;
        return await next(context);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Plans API: refused a request ({Reason})")]
    private static partial void LogRefused(ILogger logger, string reason);
}
