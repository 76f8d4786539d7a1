using System.Text.RegularExpressions;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Pages.Calendar;

/// <summary>
/// <c>POST /deadlines/{id}/done</c>: the done button beside a deadline on the overview and the calendar, for an
/// official of its unit, recorded as the chat's button records it (who, when; its reminders cancelled; the others
/// told). Then back (303) to the page it was pressed on, with what became of it.
/// </summary>
internal static partial class DeadlineDoneEndpoints
{
    public const string FlashParameter = "m";

    public static RouteGroupBuilder MapDeadlineDone(this RouteGroupBuilder officials)
    {
        // The form binding makes the antiforgery token required, as on every other post of the pages.
        officials.MapPost("/deadlines/{id:long}/done", async (long id, IFormCollection form, DashboardUser user, HttpContext http, ReminderDesk desk, IOutbox outbox, WebSettings web, CancellationToken cancellationToken) =>
        {
            var done = await desk.MarkDoneAsync(user.OfficialId, id, cancellationToken);
            if (done.Tell.Count > 0)
            {
                await outbox.EnqueueAsync([.. done.Tell], cancellationToken);
            }

            var back = Back(form["back"]);
            return PageResults.SeeOther(http, web.Link($"{back}{(back.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{FlashParameter}=Deadline{done.Outcome}", http.Request));
        });
        return officials;
    }

    /// <summary>The units whose deadlines the official may mark done: those they follow (as the chat's button allows).</summary>
    public static async Task<IReadOnlySet<long>> OwnUnitsAsync(ChildCareDbContext db, DashboardUser user, CancellationToken cancellationToken) =>
        (await db.Subscriptions.AsNoTracking().Where(s => s.OfficialId == user.OfficialId).Select(s => s.UnitId).ToListAsync(cancellationToken)).ToHashSet();

    /// <summary>The flash of a done button: the text's key and whether it went through.</summary>
    public static (string? Key, bool Ok) Flash(string? message) => message switch
    {
        "DeadlineDone" => (message, true),
        "DeadlineAlready" or "DeadlineNotYours" or "DeadlineNotFound" => (message, false),
        _ => (null, false),
    };

    // Back to the overview or a month of the calendar, and nowhere else: a form field must not send people off-site.
    internal static string Back(string? back) =>
        back is not null && CalendarBack().IsMatch(back) ? back : "/overview";

    [GeneratedRegex(@"^/calendar\?month=\d{4}-\d{2}$")]
    private static partial Regex CalendarBack();
}
