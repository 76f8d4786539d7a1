using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChildCare.Bot.Pages.Accounts;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Chat;
using ChildCare.Core.Conversations;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.WebPush;

/// <summary>
/// Web Push for officials signed in on the web: the service worker and the web manifest, the VAPID public key,
/// subscribing this browser (an endpoint of the signed-in official) and the taps on a notification's buttons.
/// </summary>
internal static partial class WebPushEndpoints
{
    public const string ActionPath = "/push/action";

    public static IEndpointRouteBuilder MapWebPush(this IEndpointRouteBuilder app)
    {
        // At the root, so the worker's scope is the whole site.
        app.MapGet("/sw.js", (HttpContext http) => Asset(http, "sw.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/manifest.webmanifest", (HttpContext http) => Asset(http, "manifest.webmanifest", "application/manifest+json")).ExcludeFromDescription();
        app.MapGet("/assets/push.js", (HttpContext http) => Asset(http, "push.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/push/key", (VapidKeys keys) => Results.Ok(new { publicKey = keys.PublicKey })).ExcludeFromDescription();
        app.MapPost(ActionPath, ActAsync).ExcludeFromDescription();

        var account = app.MapGroup(AccountEndpoints.AccountPath + "/push").RequireAuthorization(AccountEndpoints.OfficialPolicy).ExcludeFromDescription();
        account.MapPost("", SubscribeAsync);
        account.MapPost("/remove", UnsubscribeAsync);
        return app;
    }

    internal sealed record SubscriptionKeys(string P256dh, string Auth);

    internal sealed record SubscriptionBody(string Endpoint, SubscriptionKeys Keys);

    internal sealed record ActionBody(long Endpoint, string Secret, string Action);

    private static async Task<IResult> SubscribeAsync(
        SubscriptionBody body, HttpContext http, IDbContextFactory<ChildCareDbContext> contexts, Sealer sealer, TimeProvider time, CancellationToken cancellationToken)
    {
        // JSON, not a form: the token travels in the RequestVerificationToken header, checked here.
        await http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().ValidateRequestAsync(http);
        if (!Uri.TryCreate(body.Endpoint, UriKind.Absolute, out var address) || address.Scheme is not ("https" or "http") || body.Endpoint.Length > 2000
            || string.IsNullOrEmpty(body.Keys?.P256dh) || string.IsNullOrEmpty(body.Keys.Auth))
        {
            return Results.BadRequest();
        }

        var officialId = long.Parse(http.User.FindFirst(SessionAuthenticationHandler.OfficialClaim)!.Value, CultureInfo.InvariantCulture);
        var secret = RandomToken.New();
        var context = DeliveryEndpoint.SealContext(body.Endpoint);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One browser, one endpoint: subscribing again (or as another official on a shared phone) replaces it.
        await db.DeliveryEndpoints.Where(e => e.Address == body.Endpoint).ExecuteDeleteAsync(cancellationToken);
        db.DeliveryEndpoints.Add(new DeliveryEndpoint
        {
            OfficialId = officialId,
            Kind = DeliveryEndpoint.WebPushKind,
            Address = body.Endpoint,
            SealedKeys = sealer.Seal(body.Keys.P256dh + " " + body.Keys.Auth, context),
            ActionSecretHash = Hash(secret),
            SealedActionSecret = sealer.Seal(secret, context),
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> UnsubscribeAsync(SubscriptionBody body, HttpContext http, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        await http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().ValidateRequestAsync(http);
        var officialId = long.Parse(http.User.FindFirst(SessionAuthenticationHandler.OfficialClaim)!.Value, CultureInfo.InvariantCulture);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.DeliveryEndpoints.Where(e => e.Address == body.Endpoint && e.OfficialId == officialId).ExecuteDeleteAsync(cancellationToken);
        return Results.NoContent();
    }

    /// <summary>
    /// A tap on "done", "snooze" or a case button in a notification: the service worker posts the button's data
    /// with the endpoint's secret, which only that browser's notifications carry; it acts as the official.
    /// </summary>
    private static async Task<IResult> ActAsync(
        ActionBody body, IDbContextFactory<ChildCareDbContext> contexts, ChatRouter router, IOutbox outbox, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await db.DeliveryEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == body.Endpoint, cancellationToken);
        if (endpoint is null || body.Secret is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(endpoint.ActionSecretHash), Encoding.ASCII.GetBytes(Hash(body.Secret))))
        {
            return Results.NotFound();
        }

        var official = await db.Officials.AsNoTracking().SingleAsync(o => o.Id == endpoint.OfficialId, cancellationToken);
        var person = new ChatPerson(official.Channel, official.ChatId, official.Language, official.DisplayName);
        // The same owners as a tap in the official's chat; nothing else (a tap nobody owns is refused, not chatted about).
        var outcome = await router.ButtonAsync(new ChatInput(person, ConversationInput.FromButton(body.Action)), cancellationToken);
        var replies = outcome?.Messages ?? [];
        if (replies.Count == 0)
        {
            return Results.BadRequest();
        }

        // The answer goes where the official's messages go: their chat and their endpoints, this one included.
        await outbox.EnqueueAsync(replies, cancellationToken);
        return Results.NoContent();
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static IResult Asset(HttpContext http, string name, string type)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-cache";
        var stream = typeof(WebPushEndpoints).Assembly.GetManifestResourceStream("ChildCare.Bot.WebPush.Assets." + name)
            ?? throw new InvalidOperationException($"{name} is missing from the build.");
        return Results.Stream(stream, type);
    }
}
