using System.Globalization;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Directory;
using ChildCare.Core.Localization;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Pages.Directory;

/// <summary>
/// The help directory in the dashboard (<see cref="DirectoryStore"/>): <c>GET /directory</c> (hotlines, by
/// province), <c>/directory/places</c> (trusted places and shelters) and <c>/directory/guidance</c> (the guides in
/// Vietnamese and English), readable by every signed-in official. Adding, editing, switching off, restoring and
/// deleting are administrators' (others get 403); every form carries the antiforgery token. A change answers
/// 303 back to its list with a message; a form that does not pass the rules comes back (400) with what was typed
/// and why.
/// </summary>
internal static class DirectoryEndpoints
{
    public const string Path = "/directory";
    public const string Section = "directory";

    /// <summary>The key of the form that adds a hotline or a place.</summary>
    public const string New = "new";

    /// <summary>The province filter's value for the national lines.</summary>
    public const string National = "national";

    private const int ShownEdits = 15;

    public static void MapDirectoryPages(this RouteGroupBuilder officials, RouteGroupBuilder administrators)
    {
        officials.MapGet(Path, HotlinesAsync);
        administrators.MapGet(Path + "/hotlines/{key}", HotlineFormAsync);
        administrators.MapPost(Path + "/hotlines/{key}", SaveHotlineAsync);
        administrators.MapPost(Path + "/hotlines/{key}/active", (string key, IFormCollection form, HttpContext http, WebSettings web, DirectoryStore store, CancellationToken cancellationToken) =>
        {
            var active = form["active"] == "true";
            return ChangeAsync(http, web, Path + "?" + FilterQuery(form["province"]), active ? "Activated" : "Deactivated",
                actor => store.SetHotlineActiveAsync(key, active, actor, cancellationToken));
        });
        administrators.MapPost(Path + "/hotlines/{key}/restore", (string key, IFormCollection form, HttpContext http, WebSettings web, DirectoryStore store, CancellationToken cancellationToken) =>
            ChangeAsync(http, web, Path + "?" + FilterQuery(form["province"]), "Restored",
                actor => store.RestoreHotlineAsync(key, actor, cancellationToken)));
        officials.MapGet(Path + "/places", PlacesAsync);
        administrators.MapGet(Path + "/places/{id}", PlaceFormAsync);
        administrators.MapPost(Path + "/places/{id}", SavePlaceAsync);
        administrators.MapPost(Path + "/places/{id:long}/delete", (long id, IFormCollection form, HttpContext http, WebSettings web, DirectoryStore store, CancellationToken cancellationToken) =>
            ChangeAsync(http, web, Path + "/places?" + FilterQuery(form["province"]), "Deleted",
                actor => store.DeletePlaceAsync(id, actor, cancellationToken)));
        officials.MapGet(Path + "/guidance", GuidanceAsync);
        administrators.MapGet(Path + "/guidance/{topic}/{language}", GuidanceFormAsync);
        administrators.MapPost(Path + "/guidance/{topic}/{language}", SaveGuidanceAsync);
        administrators.MapPost(Path + "/guidance/{topic}/{language}/restore", (string topic, string language, IFormCollection form, HttpContext http, WebSettings web, DirectoryStore store, CancellationToken cancellationToken) =>
            ChangeAsync(http, web, Path + "/guidance?", "Restored", actor => ReadGuide(topic, language) is { } guide
                ? store.RestoreGuidanceAsync(guide.Topic, guide.Language, actor, cancellationToken)
                : throw new DirectoryEditException(DirectoryProblem.NotFound)));
    }

    private static Task<IResult> HotlinesAsync(
        string? province, string? m, HttpContext http, DirectoryStore store, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken) =>
        ListPageAsync<HotlinesPage>(http, store, contexts, (user, listing, names) => new { User = user, Listing = listing, Province = Filter(province), Message = m, Names = names }, cancellationToken);

    private static Task<IResult> HotlineFormAsync(string key, HttpContext http, DirectoryStore store, TimeProvider time, CancellationToken cancellationToken) =>
        FormPageAsync(http, async user => key == New
            ? HotlineForm(http, user, key, new Hotline("", "", "", null, null, CallCost.Free, VietnamTime.Today(time), "", "", ""), isFixed: false, error: null)
            : await HotlineAsync(store, key, cancellationToken) is { } entry ? HotlineForm(http, user, key, entry.Line, entry.IsFixed, error: null) : null);

    private static Task<IResult> SaveHotlineAsync(string key, IFormCollection form, HttpContext http, WebSettings web, DirectoryStore store, CancellationToken cancellationToken)
    {
        var typed = new Hotline(
            Field(form, nameof(Hotline.Number)), Field(form, nameof(Hotline.NameVi)), Field(form, nameof(Hotline.NameEn)),
            FormValues.Typed(form[nameof(Hotline.ProvinceCode)]), Field(form, nameof(Hotline.Hours)),
            FormValues.ReadEnum<CallCost>(form[nameof(Hotline.Cost)]) ?? CallCost.Free, Date(form[nameof(Hotline.LastChecked)]),
            Field(form, nameof(Hotline.PurposeVi)), Field(form, nameof(Hotline.PurposeEn)), Field(form, nameof(Hotline.Source)));
        return SaveAsync(http, web, Path + "?" + FilterQuery(typed.ProvinceCode ?? National),
            actor => store.SaveHotlineAsync(key == New ? null : key, typed, actor, cancellationToken),
            async (user, error) => HotlineForm(http, user, key, typed, key != New && (await HotlineAsync(store, key, cancellationToken))?.IsFixed == true, error, StatusCodes.Status400BadRequest));
    }

    private static Task<IResult> PlacesAsync(
        string? province, string? m, HttpContext http, DirectoryStore store, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken) =>
        ListPageAsync<PlacesPage>(http, store, contexts, (user, listing, names) => new { User = user, Listing = listing, Province = Filter(province), Message = m, Names = names }, cancellationToken);

    private static Task<IResult> PlaceFormAsync(string id, HttpContext http, DirectoryStore store, TimeProvider time, CancellationToken cancellationToken) =>
        FormPageAsync(http, async user => id == New
            ? PlaceForm(http, user, id, new TrustedPlace("", "", "", "", "", null, null, VietnamTime.Today(time)), error: null)
            : await PlaceAsync(store, id, cancellationToken) is { } record ? PlaceForm(http, user, id, record.ToPlace(), error: null) : null);

    private static Task<IResult> SavePlaceAsync(string id, IFormCollection form, HttpContext http, WebSettings web, DirectoryStore store, CancellationToken cancellationToken)
    {
        long? existing = id == New ? null : long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1;
        var typed = new TrustedPlace(
            Field(form, nameof(TrustedPlace.ProvinceCode)), Field(form, nameof(TrustedPlace.Commune)), Field(form, nameof(TrustedPlace.NameVi)),
            Field(form, nameof(TrustedPlace.NameEn)), Field(form, nameof(TrustedPlace.Address)), FormValues.Typed(form[nameof(TrustedPlace.Phone)]),
            FormValues.Typed(form[nameof(TrustedPlace.Hours)]), Date(form[nameof(TrustedPlace.LastChecked)]),
            FormValues.ReadEnum<PlaceKind>(form[nameof(TrustedPlace.Kind)]) ?? PlaceKind.TrustedAddress, FormValues.Typed(form[nameof(TrustedPlace.Note)]));
        return SaveAsync(http, web, Path + "/places?" + FilterQuery(typed.ProvinceCode),
            actor => store.SavePlaceAsync(existing, typed, actor, cancellationToken),
            (user, error) => Task.FromResult(PlaceForm(http, user, id, typed, error, StatusCodes.Status400BadRequest)));
    }

    private static Task<IResult> GuidanceAsync(
        string? m, HttpContext http, DirectoryStore store, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken) =>
        ListPageAsync<GuidancePage>(http, store, contexts, (user, listing, names) => new { User = user, Listing = listing, Message = m, Names = names }, cancellationToken);

    /// <summary>A page every signed-in official reads: the listing with the latest edits and the names of who made them.</summary>
    private static async Task<IResult> ListPageAsync<TPage>(
        HttpContext http, DirectoryStore store, IDbContextFactory<ChildCareDbContext> contexts,
        Func<DashboardUser, DirectoryListing, Dictionary<long, string>, object> parameters, CancellationToken cancellationToken)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var user = (await DashboardUser.ForRequestAsync(http))!;
        var listing = await store.ListAsync(ShownEdits, cancellationToken);
        var names = await OfficialNames.ForActorsAsync(contexts, Actors(listing), cancellationToken);
        return PageResults.Page<TPage>(http, parameters(user, listing, names));
    }

    private static Task<IResult> GuidanceFormAsync(string topic, string language, HttpContext http, DirectoryStore store, CancellationToken cancellationToken) =>
        FormPageAsync(http, async user =>
        {
            if (ReadGuide(topic, language) is not { } guide)
            {
                return null;
            }

            var record = (await store.ListAsync(0, cancellationToken)).GuidanceFor(guide.Topic, guide.Language);
            var text = record?.Text ?? Core.Conversations.GuidanceFlow.ShippedText(guide.Topic, guide.Language);
            return PageResults.Page<GuidanceForm>(http, new { User = user, Topic = guide.Topic, Text = guide.Language, Value = text, Record = record, Preview = false });
        });

    /// <summary>Saves a guide's text, or (<c>intent=preview</c>) shows it as the bot would send it without saving.</summary>
    private static async Task<IResult> SaveGuidanceAsync(string topic, string language, IFormCollection form, DashboardUser user, HttpContext http, WebSettings web, DirectoryStore store, CancellationToken cancellationToken)
    {
        if (ReadGuide(topic, language) is not { } guide)
        {
            return NotFound(http, user);
        }

        var text = form["Text"].ToString();
        DirectoryEditException? error = null;
        try
        {
            if (form["intent"] == "preview")
            {
                DirectoryRules.CheckedGuidance(text);
            }
            else
            {
                await store.SaveGuidanceAsync(guide.Topic, guide.Language, text, Actor(user), cancellationToken);
                return Back(http, web, Path + "/guidance?", "Saved");
            }
        }
        catch (DirectoryEditException e)
        {
            error = e;
        }

        var record = (await store.ListAsync(0, cancellationToken)).GuidanceFor(guide.Topic, guide.Language);
        return PageResults.Page<GuidanceForm>(http, new { User = user, Topic = guide.Topic, Text = guide.Language, Value = text, Record = record, Preview = true, Error = error },
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static IResult HotlineForm(HttpContext http, DashboardUser user, string key, Hotline values, bool isFixed, DirectoryEditException? error, int status = StatusCodes.Status200OK) =>
        PageResults.Page<HotlineForm>(http, new { User = user, Key = key, Values = values, IsFixed = isFixed, Error = error }, status);

    private static IResult PlaceForm(HttpContext http, DashboardUser user, string id, TrustedPlace values, DirectoryEditException? error, int status = StatusCodes.Status200OK) =>
        PageResults.Page<PlaceForm>(http, new { User = user, Id = id, Values = values, Error = error }, status);

    /// <summary>An administrator's form: the page <paramref name="form"/> makes, or 404 when it finds nothing to edit.</summary>
    private static async Task<IResult> FormPageAsync(HttpContext http, Func<DashboardUser, Task<IResult?>> form)
    {
        var user = (await DashboardUser.ForRequestAsync(http))!;
        return await form(user) ?? NotFound(http, user);
    }

    /// <summary>
    /// An administrator's form posted: saved, then 303 to <paramref name="back"/> (a path and its query so far) with
    /// "Saved"; refused by a rule, the form again (400) as <paramref name="again"/> makes it with the reason.
    /// </summary>
    private static async Task<IResult> SaveAsync(HttpContext http, WebSettings web, string back, Func<string, Task> save, Func<DashboardUser, DirectoryEditException, Task<IResult>> again)
    {
        var user = (await DashboardUser.ForRequestAsync(http))!;
        try
        {
            await save(Actor(user));
        }
        catch (DirectoryEditException e) when (e.Problem != DirectoryProblem.NotFound)
        {
            return await again(user, e);
        }
        catch (DirectoryEditException)
        {
            return NotFound(http, user);
        }

        return Back(http, web, back, "Saved");
    }

    /// <summary>
    /// An administrator's change that answers with a redirect to <paramref name="back"/> (a path with its query so
    /// far) and a message: <paramref name="done"/>, or the rule that refused it.
    /// </summary>
    private static async Task<IResult> ChangeAsync(HttpContext http, WebSettings web, string back, string done, Func<string, Task> change)
    {
        var user = (await DashboardUser.ForRequestAsync(http))!;
        string flash;
        try
        {
            await change(Actor(user));
            flash = done;
        }
        catch (DirectoryEditException e)
        {
            flash = e.Problem.ToString();
        }

        return Back(http, web, back, flash);
    }

    // 303 to a list (its path and query so far) with the message to show.
    private static IResult Back(HttpContext http, WebSettings web, string back, string flash) =>
        PageResults.SeeOther(http, web.Link(back + (back.EndsWith('?') ? "" : "&") + "m=" + flash, http.Request));

    private static IResult NotFound(HttpContext http, DashboardUser user) =>
        PageResults.Page<Refusal>(http, new
        {
            User = user,
            Page = new Refusal.Model(DirectoryTexts.Get("NotFoundTitle", user.Language), DirectoryTexts.Get("ProblemNotFound", user.Language), "directory", DirectoryTexts.Get("BackToHotlines", user.Language)),
        }, StatusCodes.Status404NotFound);

    private static async Task<HotlineEntry?> HotlineAsync(DirectoryStore store, string key, CancellationToken cancellationToken) =>
        (await store.ListAsync(0, cancellationToken)).Hotlines.FirstOrDefault(h => h.Key == key);

    private static async Task<PlaceRecord?> PlaceAsync(DirectoryStore store, string id, CancellationToken cancellationToken) =>
        (await store.ListAsync(0, cancellationToken)).Places.Select(p => p.Record).FirstOrDefault(r => r is not null && r.Id.ToString(CultureInfo.InvariantCulture) == id);

    private static IEnumerable<string?> Actors(DirectoryListing listing) =>
        listing.Edits.Select(e => e.Actor)
            .Concat(listing.Hotlines.Select(h => h.Record?.UpdatedBy))
            .Concat(listing.Places.Select(p => p.Record?.UpdatedBy))
            .Concat(listing.Guidance.Select(g => g.UpdatedBy));

    private static string Actor(DashboardUser user) => string.Create(CultureInfo.InvariantCulture, $"official:{user.OfficialId}");

    private static string Field(IFormCollection form, string name) => form[name].ToString();

    private static DateOnly Date(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : default;

    /// <summary>A filter value the page offers: a province's code, <see cref="National"/>, or null for all.</summary>
    private static string? Filter(string? province) =>
        province == National || (province is not null && HelpDirectoryProvider.Shipped.ProvinceByCode(province) is not null) ? province : null;

    private static string FilterQuery(string? province) => Filter(province) is { } kept ? "province=" + Uri.EscapeDataString(kept) : "";

    private static (GuidanceTopic Topic, Language Language)? ReadGuide(string topic, string language) =>
        FormValues.ReadEnum<GuidanceTopic>(topic) is { } known && language is "vi" or "en"
            ? (known, Languages.FromCode(language))
            : null;
}
