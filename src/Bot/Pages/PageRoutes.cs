using System.Text.Encodings.Web;
using System.Text.Unicode;
using ChildCare.Bot.Pages.Calendar;
using ChildCare.Bot.Pages.Cases;
using ChildCare.Bot.Pages.Directory;
using ChildCare.Bot.Pages.Exports;
using ChildCare.Bot.Pages.Home;
using ChildCare.Bot.Pages.Plans;
using ChildCare.Bot.Pages.Reminders;
using ChildCare.Bot.Pages.Scheduler;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.Pages.Units;
using ChildCare.Bot.SignIn;
using Microsoft.Extensions.WebEncoders;

namespace ChildCare.Bot.Pages;

/// <summary>
/// The officials' pages: Razor components rendered on the server, one folder per feature, and who may open which
/// declared on the route groups (<see cref="PageAccess"/>): everyone (<c>/</c>), a signed-in official, an official
/// who follows a unit (the cases), an administrator.
/// </summary>
internal static class PageRoutes
{
    public static IServiceCollection AddChildCarePages(this IServiceCollection services)
    {
        // Vietnamese letters as they are in the markup (still encoded where markup needs it): half the bytes, and readable.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorComponents();
        // Tokens are protected with the data-protection keys, kept in the database so every web node shares them.
        DatabaseKeyRing.AddDatabaseKeyRing(services);
        services.AddAntiforgery();
        // A Zalo photo's address carries Zalo's access to it: not logged, and a photo that does not come in 30 s is not given.
        // Only public addresses, no redirects (PublicAddresses).
        services.AddHttpClient(Cases.CaseEndpoints.PhotoClient, client => client.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(Cases.PublicAddresses.Handler)
            .RemoveAllLoggers();
        return services.AddChildCarePageAccess();
    }

    public static WebApplication MapChildCarePages(this WebApplication app)
    {
        app.MapPageAssets();
        var pages = app.MapPages();
        pages.MapHomePages();
        pages.MapCasePages();
        var officials = pages.MapGroup("").RequireAuthorization(PageAccess.Official);
        var administrators = pages.MapGroup("").RequireAuthorization(PageAccess.Administrator);
        officials.MapCalendarPage();
        officials.MapDeadlineDone();
        officials.MapRemindersPage();
        officials.MapExportsPage();
        officials.MapPlanPages();
        officials.MapDirectoryPages(administrators);
        administrators.MapAttentionPage();
        administrators.MapUnitsPage();
        administrators.MapSchedulerPage();
        return app;
    }
}
