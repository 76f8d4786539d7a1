using ChildCare.Bot.Resources;
using ChildCare.Core.Localization;
using Microsoft.AspNetCore.Components;

namespace ChildCare.Bot.Pages.Shared;

/// <summary>
/// What every officials' page knows: who is looking (their language), the request, and the relative way back to
/// the site's root, so links keep working behind a proxy that serves us under a path prefix.
/// </summary>
/// <remarks>Public, as Razor components are public classes and their parameters must be as visible.</remarks>
public abstract class PageBase : ComponentBase
{
    [Parameter, EditorRequired]
    public DashboardUser User { get; set; } = null!;

    [Inject]
    private IHttpContextAccessor Accessor { get; set; } = null!;

    protected HttpContext Http => Accessor.HttpContext ?? throw new InvalidOperationException("A page is rendered for a request.");

    protected Language Language => User.Language;

    /// <summary>"" for <c>/units</c>, "../" for <c>/directory/places</c>.</summary>
    protected string Root => PageResults.RootOf(Http.Request);

    protected string T(string key) => DashboardTexts.Get(key, Language);

    protected string F(string key, params object?[] args) => DashboardTexts.Format(key, Language, args);

    protected static string Local(DateTimeOffset? at) => at is { } instant ? Core.Cases.CaseNotifier.Local(instant) : "—";

    protected static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
