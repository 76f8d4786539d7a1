using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChildCare.Core.Cases;
using ChildCare.Core.Messaging;
using ChildCare.FakeTelegram;
using ChildCare.ReliabilityTests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.ReliabilityTests.AccessControl;

/// <summary>
/// The cross-channel access-control matrix in one place. Two communes of one province, a case in each, a case
/// worker in each. Every way in is tried by someone who must be refused: the webhook without its secret, every
/// route of the app without sign-in (found from the app's own endpoints, so a page added later is covered), the
/// administration API without its key or with a case key, and the case worker of commune A reaching for
/// commune B's case by API, by page (read and every form), by forged chat buttons and by guessed codes. Then
/// the sign-in links: once only, ten minutes only, sessions twelve hours only (the app's clock is moved).
/// </summary>
[Trait("Category", "Reliability")]
public sealed partial class AccessControlMatrixTests(ITestOutputHelper output)
{
    private const string AdminKey = "admin-key-0123456789abcdefghijkl";
    private const string CamTanKey = "cam-tan-key-0123456789abcdefghij";
    private const string ProvinceKey = "province-key-0123456789abcdefghi";
    private const string WebhookSecret = "matrix_webhook-secret";
    private const long LanA = 8_101;
    private const long MinhB = 8_102;
    private const string SecretA = "Bé An bị bỏ đói ở nhà";
    private const string SecretB = "Bé Bình bị đánh ở xóm hai";
    private static readonly TimeSpan Handled = TimeSpan.FromSeconds(30);

    // What anyone may open: the landing page, the web chat, sign-in, health, the API description, the public calendar and deadlines, and
    // the pages' static files (stylesheets and the icon, which hold nothing of anyone's).
    private static readonly HashSet<string> Public = new(StringComparer.Ordinal)
    {
        "GET /", "GET /healthz", "GET /openapi/{documentName}.json", "GET /chat", "GET /chat/chat.css", "GET /chat/chat.js", "GET /chat/api/ui",
        "POST /chat/api/send", "GET /login", "GET /login/{token}", "POST /logout", "GET /assets/dashboard.css", "GET /assets/plans.css", "GET /assets/icon.svg", "GET /favicon.ico", "POST /telegram/webhook",
        "GET /api/system", "GET /api/calendar/lunar", "GET /api/calendar/solar", "GET /api/calendar/holidays", "GET /api/deadlines/upcoming",
        // Officials without Telegram: an invite opened in a browser (the code is the key: a wrong one is refused), the
        // passkey sign-in, and what a browser needs for passkeys and Web Push (scripts, the service worker, the
        // manifest, the public VAPID key): none of it holds anything of anyone's.
        "GET /join/{code}", "GET /login/passkey", "GET /assets/passkey.js", "GET /assets/push.js", "GET /sw.js", "GET /manifest.webmanifest", "GET /push/key",
    };

    [Fact]
    public async Task EveryChannel_RefusesWhatTheCallerMayNotReadOrDo()
    {
        using var figures = new Figures(output, "access-control");
        var matrix = new AccessMatrix(figures);
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RateLimits = FakeRateLimits.None });
        await using var app = new InProcessBot(Settings(fake));
        using var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        var webhook = new Webhook(app.CreateClient(), WebhookSecret);

        await AdminApi.ImportUnitsAsync(admin);
        await SayAsync(app, fake, webhook, LanA, TelegramUpdates.Message(LanA, "/join " + await AdminApi.InviteAsync(admin, "thanh-hoa/cam-tan")));
        await SayAsync(app, fake, webhook, MinhB, TelegramUpdates.Message(MinhB, "/join " + await AdminApi.InviteAsync(admin, "thanh-hoa/cam-thuy")));
        var reporter = new WebChatSession(app.CreateClient());
        var caseA = await reporter.ReportAsync("xa cam tan", SecretA);
        var caseB = await new WebChatSession(app.CreateClient()).ReportAsync("xa cam thuy", SecretB);
        long idB;
        await using (var db = app.Db())
        {
            idB = await db.Cases.Where(c => c.Code == caseB).Select(c => c.Id).SingleAsync();
            Assert.Equal("thanh-hoa/cam-tan", await db.Units.Where(u => u.Id == db.Cases.Single(c => c.Code == caseA).UnitId).Select(u => u.Code).SingleAsync());
            Assert.Equal("thanh-hoa/cam-thuy", await db.Units.Where(u => u.Id == db.Cases.Single(c => c.Code == caseB).UnitId).Select(u => u.Code).SingleAsync());
        }

        figures.Note($"case A {caseA} in thanh-hoa/cam-tan (case worker chat {LanA}); case B {caseB} in thanh-hoa/cam-thuy (case worker chat {MinhB})");
        var recordOfB = await RecordAsync(app, caseB);

        await WebhookRowsAsync(app, matrix);
        await AnonymousRowsAsync(app, matrix, caseB);
        await AdminRowsAsync(app, matrix);
        await KeyRowsAsync(app, matrix, caseA, caseB);

        var lan = await SignInAsync(app, fake, webhook, LanA);
        await SessionRowsAsync(matrix, lan, caseA, caseB);
        await PageRowsAsync(matrix, lan, caseA, caseB);
        await DeclaredPageRowsAsync(app, matrix, lan, caseA, caseB);
        await ChatRowsAsync(app, fake, webhook, matrix, caseB, idB);
        await WebChatRowsAsync(app, matrix, reporter, caseA);
        Unchanged(matrix, "case B's record after all of A's attempts", recordOfB, await RecordAsync(app, caseB));

        await SignInLinkRowsAsync(app, fake, webhook, matrix);

        figures.Add("matrix rows", $"{matrix.Rows}", $"{matrix.Failed.Count} failed");
        Assert.True(matrix.Failed.Count == 0, "Refusals that did not hold:\n" + string.Join('\n', matrix.Failed));
    }

    private static async Task WebhookRowsAsync(InProcessBot app, AccessMatrix matrix)
    {
        foreach (var (who, secret) in new[] { ("no secret header", (string?)null), ("a wrong secret", "matrix_webhook-secreT"), ("an empty secret", "") })
        {
            var status = await new Webhook(app.CreateClient(), secret).PostAsync(TelegramUpdates.Message(LanA, "/start"));
            matrix.Row("webhook", who, "POST /telegram/webhook", "401", $"{status}", status == 401);
        }

        await using var db = app.Db();
        // Payloads are sealed: opened here as the processor opens them.
        var sealer = app.Services.GetRequiredService<ChildCare.Core.Privacy.Sealer>();
        var stored = (await db.InboundUpdates.AsNoTracking().Where(u => u.SealedPayload != null || u.LegacyPayload != null).ToListAsync())
            .Count(u => (u.LegacyPayload ?? sealer.Open(u.SealedPayload!, InboundUpdate.SealContext(u.Channel, u.UpdateId))).Contains("\"/start\"", StringComparison.Ordinal));
        matrix.Row("webhook", "the refused posts", "inbound_updates rows", "none stored", $"{stored}", stored == 0);
    }

    /// <summary>Every route of the app that is not public, without a session or key: the login page or 401, never the data.</summary>
    private static async Task AnonymousRowsAsync(InProcessBot app, AccessMatrix matrix, string caseB)
    {
        using var browser = app.Browser(cookies: false);
        foreach (var (method, pattern) in Routes(app))
        {
            if (Public.Contains($"{method} {pattern}"))
            {
                continue;
            }

            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Fill(pattern, caseB), UriKind.Relative));
            if (method != "GET")
            {
                request.Content = new FormUrlEncodedContent([new("risk", "High"), new("reason", "x"), new("stage", "InitialAssessment"), new("note", "x")]);
            }

            using var response = await browser.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var toLogin = status == 303 && response.Headers.Location?.AbsolutePath == "/login";
            // A post may be refused before the key is looked at (no antiforgery token, not JSON): any 4xx but 404 changes nothing.
            var ok = (toLogin || status == 401 || (method != "GET" && status is >= 400 and < 500 and not 404)) && !body.Contains(caseB, StringComparison.Ordinal) && !body.Contains(SecretB, StringComparison.Ordinal);
            matrix.Row(pattern.StartsWith("/api", StringComparison.Ordinal) ? "api" : "page", "anonymous", $"{method} {pattern}",
                method == "GET" ? "303 /login or 401" : "303 /login or a 4xx", toLogin ? "303 /login" : $"{status}", ok);
        }
    }

    private static async Task AdminRowsAsync(InProcessBot app, AccessMatrix matrix)
    {
        using var client = app.Browser(cookies: false);
        foreach (var (method, pattern) in Routes(app).Where(r => r.Pattern.StartsWith("/api/admin", StringComparison.Ordinal)))
        {
            foreach (var (who, key) in new[] { ("no key", (string?)null), ("a wrong key", AdminKey[..^1] + "X"), ("a cases key (Api:Keys)", CamTanKey) })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Fill(pattern, "TE-2000-000001"), UriKind.Relative));
                if (key is not null)
                {
                    request.Headers.Add("X-Api-Key", key);
                }

                if (method != "GET")
                {
                    request.Content = JsonContent.Create(new { unit = "thanh-hoa", role = "Supervisor", textVi = "x" });
                }

                using var response = await client.SendAsync(request);
                matrix.Row("api", who, $"{method} {pattern}", "401", $"{(int)response.StatusCode}", response.StatusCode == HttpStatusCode.Unauthorized);
            }
        }

        using var allowed = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/admin/units", UriKind.Relative));
        allowed.Headers.Add("X-Api-Key", AdminKey);
        using var units = await client.SendAsync(allowed);
        matrix.Row("api", "the admin key (control)", "GET /api/admin/units", "200", $"{(int)units.StatusCode}", units.StatusCode == HttpStatusCode.OK);
    }

    /// <summary>API keys read only their units; a key without Details reads no details; the admin key is no case key.</summary>
    private static async Task KeyRowsAsync(InProcessBot app, AccessMatrix matrix, string caseA, string caseB)
    {
        using var client = app.Browser(cookies: false);
        async Task<(int Status, string Body)> GetAsync(string url, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
            request.Headers.Add("X-Api-Key", key);
            using var response = await client.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var other = await GetAsync($"/api/cases/{caseB}", CamTanKey);
        var missing = await GetAsync("/api/cases/TE-2000-999999", CamTanKey);
        matrix.Row("api", "key of commune A", "GET /api/cases/{B}", "404 as for no case", $"{other.Status}",
            other.Status == 404 && Same(other.Body, caseB, missing.Body, "TE-2000-999999") && !other.Body.Contains(SecretB, StringComparison.Ordinal));
        var own = await GetAsync($"/api/cases/{caseA}", CamTanKey);
        matrix.Row("api", "key of commune A (control)", "GET /api/cases/{A}", "200 with details", $"{own.Status}", own.Status == 200 && own.Body.Contains(SecretA, StringComparison.Ordinal));
        var list = await GetAsync("/api/cases", CamTanKey);
        matrix.Row("api", "key of commune A", "GET /api/cases", "A only", Codes(list.Body), Codes(list.Body) == caseA);
        var elsewhere = await GetAsync("/api/cases?unit=thanh-hoa/cam-thuy", CamTanKey);
        matrix.Row("api", "key of commune A", "GET /api/cases?unit=<B's unit>", "no items", Codes(elsewhere.Body), elsewhere.Status == 200 && Codes(elsewhere.Body) == "");
        var summary = await GetAsync($"/api/cases/{caseA}", ProvinceKey);
        matrix.Row("api", "province key without Details", "GET /api/cases/{A}", "200 without details", $"{summary.Status}",
            summary.Status == 200 && !summary.Body.Contains(SecretA, StringComparison.Ordinal));
        var adminAsCases = await GetAsync("/api/cases", AdminKey);
        matrix.Row("api", "the admin key", "GET /api/cases", "401", $"{adminAsCases.Status}", adminAsCases.Status == 401);
    }

    /// <summary>The case worker of commune A, signed in: commune B's case is "not found" by API, however its code is written or guessed.</summary>
    private static async Task SessionRowsAsync(AccessMatrix matrix, HttpClient lan, string caseA, string caseB)
    {
        async Task<(int Status, string Body)> GetAsync(string url)
        {
            using var response = await lan.GetAsync(new Uri(url, UriKind.Relative));
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var missing = await GetAsync("/api/cases/TE-2000-999999");
        foreach (var written in new[] { caseB, caseB.ToLowerInvariant(), "%20" + caseB + "%20", caseB.Replace("-", "%2D", StringComparison.Ordinal) })
        {
            var other = await GetAsync($"/api/cases/{written}");
            matrix.Row("api", "official of commune A", $"GET /api/cases/'{written}'", "404 as for no case", $"{other.Status}",
                other.Status == 404 && Same(other.Body, Uri.UnescapeDataString(written), missing.Body, "TE-2000-999999") && !other.Body.Contains(SecretB, StringComparison.Ordinal));
        }

        var list = await GetAsync("/api/cases");
        matrix.Row("api", "official of commune A", "GET /api/cases", "A only", Codes(list.Body), Codes(list.Body) == caseA);
        var elsewhere = await GetAsync("/api/cases?unit=thanh-hoa/cam-thuy");
        matrix.Row("api", "official of commune A", "GET /api/cases?unit=<B's unit>", "no items", Codes(elsewhere.Body), elsewhere.Status == 200 && Codes(elsewhere.Body) == "");

        // Guessing: the year's first codes, one of which is B's. Only A's own opens.
        var year = caseA[3..7];
        var opened = new List<string>();
        for (var n = 1; n <= 5; n++)
        {
            var code = $"TE-{year}-{n:000000}";
            if ((await GetAsync($"/api/cases/{code}")).Status == 200)
            {
                opened.Add(code);
            }
        }

        matrix.Row("api", "official of commune A", $"GET /api/cases/TE-{year}-00000[1-5]", $"only {caseA} opens", string.Join(",", opened), opened.SequenceEqual([caseA]));
    }

    /// <summary>The same official on the case pages: B's page is "not found" and every form on it changes nothing.</summary>
    private static async Task PageRowsAsync(AccessMatrix matrix, HttpClient lan, string caseA, string caseB)
    {
        using var ownPage = await lan.GetAsync(new Uri($"/cases/{caseA}", UriKind.Relative));
        var ownHtml = await ownPage.Content.ReadAsStringAsync();
        matrix.Row("page", "official of commune A (control)", "GET /cases/{A}", "200 with details", $"{(int)ownPage.StatusCode}",
            ownPage.StatusCode == HttpStatusCode.OK && ownHtml.Contains(SecretA, StringComparison.Ordinal));
        var token = AntiforgeryToken().Match(ownHtml).Groups[1].Value;

        using var page = await lan.GetAsync(new Uri($"/cases/{caseB}", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        matrix.Row("page", "official of commune A", "GET /cases/{B}", "404, nothing of B", $"{(int)page.StatusCode}",
            page.StatusCode == HttpStatusCode.NotFound && !html.Contains(SecretB, StringComparison.Ordinal) && !html.Contains("cam-thuy", StringComparison.OrdinalIgnoreCase));
        using var queue = await lan.GetAsync(new Uri("/cases", UriKind.Relative));
        var queueHtml = await queue.Content.ReadAsStringAsync();
        matrix.Row("page", "official of commune A", "GET /cases", "A listed, B not", $"{(int)queue.StatusCode}",
            queue.StatusCode == HttpStatusCode.OK && queueHtml.Contains(caseA, StringComparison.Ordinal) && !queueHtml.Contains(caseB, StringComparison.Ordinal));

        // Hangfire's dashboard is for administrators: an official gets the 403 page, not Hangfire's.
        foreach (var url in new[] { "/hangfire", "/hangfire/recurring", "/hangfire/jobs/enqueued" })
        {
            using var jobs = await lan.GetAsync(new Uri(url, UriKind.Relative));
            var jobsHtml = await jobs.Content.ReadAsStringAsync();
            matrix.Row("page", "official of commune A", $"GET {url}", "403", $"{(int)jobs.StatusCode}",
                jobs.StatusCode == HttpStatusCode.Forbidden && !jobsHtml.Contains("ChildCare jobs", StringComparison.Ordinal));
        }

        foreach (var action in new[] { "take", "risk", "move", "close", "note" })
        {
            using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("risk", "High"), new("reason", "thử"), new("stage", "InitialAssessment"), new("note", "thử")]);
            using var response = await lan.PostAsync(new Uri($"/cases/{caseB}/{action}", UriKind.Relative), form);
            var body = await response.Content.ReadAsStringAsync();
            matrix.Row("page", "official of commune A", $"POST /cases/{{B}}/{action} (valid token)", "404", $"{(int)response.StatusCode}",
                response.StatusCode == HttpStatusCode.NotFound && !body.Contains(SecretB, StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Every page by the policy its route group declares: an official of commune A (no administrator) gets 403 from
    /// each administrator's page and post, and opens each official's page (200) without seeing anything of B.
    /// </summary>
    private static async Task DeclaredPageRowsAsync(InProcessBot app, AccessMatrix matrix, HttpClient lan, string caseA, string caseB)
    {
        using var ownPage = await lan.GetAsync(new Uri($"/cases/{caseA}", UriKind.Relative));
        var token = AntiforgeryToken().Match(await ownPage.Content.ReadAsStringAsync()).Groups[1].Value;
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Policy: e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is "Official" or "CaseWorker" or "Administrator")))
            .Where(e => e.Policy is not null)
            .SelectMany(e => (e.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: "/" + e.Endpoint.RoutePattern.RawText!.TrimStart('/'), e.Policy)))
            .Distinct().OrderBy(r => r.Pattern, StringComparer.Ordinal).ToList();
        Assert.Contains(pages, p => p.Policy == "Administrator");
        Assert.Contains(pages, p => p.Policy == "CaseWorker");
        foreach (var (method, pattern, policy) in pages)
        {
            if (policy != "Administrator" && (method != "GET" || pattern.Contains('{', StringComparison.Ordinal)))
            {
                // Official posts and case pages by code: the rows above and the page tests hold those.
                continue;
            }

            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Fill(pattern, caseB), UriKind.Relative));
            if (method != "GET")
            {
                request.Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("unit", "thanh-hoa/cam-thuy"), new("role", "Supervisor"), new("uses", "1"), new("days", "1"), new("id", "1"), new("value", "true")]);
            }

            using var response = await lan.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var clean = !body.Contains(caseB, StringComparison.Ordinal) && !body.Contains(SecretB, StringComparison.Ordinal);
            if (policy == "Administrator")
            {
                matrix.Row("page", "official of commune A", $"{method} {pattern} ({policy})", "403", $"{status}", status == 403 && clean);
            }
            else
            {
                matrix.Row("page", "official of commune A", $"{method} {pattern} ({policy})", "200, nothing of B", $"{status}", status == 200 && clean);
            }
        }
    }

    /// <summary>
    /// Forged case buttons (<c>cs:{action}:{B's id}</c>, data the bot never gave this chat) and a guessed code typed in
    /// the chat: the answer is "not allowed", never B's code or details.
    /// </summary>
    private static async Task ChatRowsAsync(InProcessBot app, FakeTelegramServer fake, Webhook webhook, AccessMatrix matrix, string caseB, long idB)
    {
        var n = 0;
        foreach (var data in new[]
        {
            CaseNotifier.Data("open", idB), CaseNotifier.Data("take", idB), CaseNotifier.Data("risk", idB), CaseNotifier.Data("rk", idB, "High"),
            CaseNotifier.Data("move", idB), CaseNotifier.Data("mv", idB, "InitialAssessment"), CaseNotifier.Data("close", idB), CaseNotifier.Data("note", idB),
            CaseNotifier.Data("refer", idB), CaseNotifier.Data("accept", idB), CaseNotifier.Data("refuse", idB),
        })
        {
            var replies = await SayAsync(app, fake, webhook, LanA, TelegramUpdates.Callback(LanA, data, $"forged-{++n}"));
            // A prompt for a reason would take the next text as one: answer it, and see that this changes nothing either.
            var typed = await SayAsync(app, fake, webhook, LanA, TelegramUpdates.Message(LanA, "lý do thử"));
            var all = string.Join(" | ", replies.Concat(typed));
            matrix.Row("chat", "official of commune A", $"button {data} (forged)", "not allowed, nothing of B", Shorten(all),
                !all.Contains(caseB, StringComparison.Ordinal) && !all.Contains(SecretB, StringComparison.Ordinal) && !all.Contains("Cẩm Thủy", StringComparison.Ordinal));
        }

        var status = string.Join(" | ", await SayAsync(app, fake, webhook, LanA, TelegramUpdates.Message(LanA, "/status " + caseB)));
        matrix.Row("chat", "official of commune A", $"/status {caseB} (guessed)", "not found", Shorten(status),
            status.Contains("Không tìm thấy", StringComparison.Ordinal) && !status.Contains(SecretB, StringComparison.Ordinal));
    }

    /// <summary>A reporter follows their own report; another browser typing its code learns nothing.</summary>
    private static async Task WebChatRowsAsync(InProcessBot app, AccessMatrix matrix, WebChatSession reporter, string caseA)
    {
        var own = string.Join(" | ", await reporter.SendAsync("/status " + caseA));
        matrix.Row("web chat", "the reporter (control)", $"/status {caseA}", "its status", Shorten(own), own.Contains(caseA, StringComparison.Ordinal));
        var stranger = string.Join(" | ", await new WebChatSession(app.CreateClient()).SendAsync("/status " + caseA));
        matrix.Row("web chat", "another browser", $"/status {caseA} (guessed)", "not found", Shorten(stranger),
            stranger.Contains("Không tìm thấy", StringComparison.Ordinal) && !stranger.Contains(SecretA, StringComparison.Ordinal));
    }

    /// <summary>Links work once and for ten minutes; a session ends after twelve hours (the app's clock is moved).</summary>
    private static async Task SignInLinkRowsAsync(InProcessBot app, FakeTelegramServer fake, Webhook webhook, AccessMatrix matrix)
    {
        var link = await LinkAsync(app, fake, webhook, LanA);
        using (var first = app.Browser())
        using (var opened = await first.GetAsync(link))
        using (var again = await app.Browser().GetAsync(link))
        {
            matrix.Row("sign-in", "a second browser", "the same link again", "400, no cookie", $"{(int)again.StatusCode}",
                opened.StatusCode == HttpStatusCode.SeeOther && again.StatusCode == HttpStatusCode.BadRequest && !again.Headers.Contains("Set-Cookie"));
        }

        // Asking again does not end the link already sent (a request handled twice would otherwise leave a dead one);
        // opening one ends the others.
        var earlier = await LinkAsync(app, fake, webhook, LanA);
        var newer = await LinkAsync(app, fake, webhook, LanA);
        using (var openedNewer = await app.Browser().GetAsync(newer))
        using (var old = await app.Browser().GetAsync(earlier))
        {
            matrix.Row("sign-in", "anyone", "a link left unused once a newer one was opened", "400", $"{(int)old.StatusCode}",
                openedNewer.StatusCode == HttpStatusCode.SeeOther && old.StatusCode == HttpStatusCode.BadRequest);
        }

        var current = await LinkAsync(app, fake, webhook, LanA);
        app.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        using (var late = await app.Browser().GetAsync(current))
        {
            matrix.Row("sign-in", "anyone", "a link 10 min 1 s old", "400", $"{(int)late.StatusCode}", late.StatusCode == HttpStatusCode.BadRequest);
        }

        using (var junk = await app.Browser().GetAsync(new Uri("/login/" + new string('A', 43), UriKind.Relative)))
        {
            matrix.Row("sign-in", "anyone", "a made-up link", "400", $"{(int)junk.StatusCode}", junk.StatusCode == HttpStatusCode.BadRequest);
        }

        using var browser = await SignInAsync(app, fake, webhook, LanA);
        app.Time.Advance(TimeSpan.FromHours(12) + TimeSpan.FromSeconds(1));
        using var api = await browser.GetAsync(new Uri("/api/cases", UriKind.Relative));
        matrix.Row("sign-in", "a session 12 h 1 s old", "GET /api/cases", "401", $"{(int)api.StatusCode}", api.StatusCode == HttpStatusCode.Unauthorized);
        using var page = await browser.GetAsync(new Uri("/cases", UriKind.Relative));
        matrix.Row("sign-in", "a session 12 h 1 s old", "GET /cases", "303 /login", $"{(int)page.StatusCode} {page.Headers.Location?.AbsolutePath}",
            page.StatusCode == HttpStatusCode.SeeOther && page.Headers.Location?.AbsolutePath == "/login");
    }

    private static void Unchanged(AccessMatrix matrix, string what, string before, string after) =>
        matrix.Row("record", "-", what, "unchanged", before == after ? "unchanged" : $"{before} -> {after}", before == after);

    /// <summary>What a case is and what was done to it, leaving out reads and alerts (those may come and go).</summary>
    private static async Task<string> RecordAsync(InProcessBot app, string code)
    {
        await using var db = app.Db();
        var filed = await db.Cases.AsNoTracking().SingleAsync(c => c.Code == code);
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == filed.Id && e.Action != CaseAction.Read && e.Actor != "system")
            .OrderBy(e => e.Id).Select(e => e.Action + "/" + e.Actor).ToListAsync();
        return $"{filed.Stage} risk {filed.Risk} assignee {filed.AssigneeId} unit {filed.UnitId} referred {filed.ReferredToUnitId}; {string.Join(",", events)}";
    }

    private static IEnumerable<(string Method, string Pattern)> Routes(InProcessBot app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct()
            .OrderBy(r => r.Item2, StringComparer.Ordinal);

    /// <summary>A route with its parameters filled: a case code, a sign-in token, numbers.</summary>
    private static string Fill(string pattern, string code) => RouteParameter().Replace(pattern, m => m.Groups[1].Value switch
    {
        "code" => code,
        "token" => new string('A', 43),
        "year" => "2026",
        "documentName" => "v1",
        "path" => "recurring", // Hangfire's dashboard, /hangfire/{**path}
        _ => "1",
    });

    private static bool Same(string body, string code, string missingBody, string missingCode) =>
        body.Replace(code, "X", StringComparison.Ordinal) == missingBody.Replace(missingCode, "X", StringComparison.Ordinal);

    private static string Codes(string body)
    {
        using var document = JsonDocument.Parse(body);
        return string.Join(",", document.RootElement.TryGetProperty("items", out var items) ? items.EnumerateArray().Select(i => i.GetProperty("code").GetString()) : []);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text.ReplaceLineEndings(" ") : text[..60].ReplaceLineEndings(" ") + "…";

    private static Dictionary<string, string?> Settings(FakeTelegramServer fake) => new()
    {
        ["Scheduler:InProcess"] = "false",
        ["Deadlines:LoadDemoData"] = "false",
        ["Admin:ApiKey"] = AdminKey,
        ["Api:Keys:0:Name"] = "cam-tan-app",
        ["Api:Keys:0:Key"] = CamTanKey,
        ["Api:Keys:0:Units:0"] = "thanh-hoa/cam-tan",
        ["Api:Keys:0:Details"] = "true",
        ["Api:Keys:1:Name"] = "province-dashboard",
        ["Api:Keys:1:Key"] = ProvinceKey,
        ["Api:Keys:1:Units:0"] = "thanh-hoa",
        ["Telegram:BotToken"] = fake.Token,
        ["Telegram:ApiBaseUrl"] = fake.BaseUrl.AbsoluteUri,
        ["Telegram:Mode"] = "Webhook",
        ["Telegram:WebhookUrl"] = "https://bot.example/telegram/webhook",
        ["Telegram:WebhookSecret"] = WebhookSecret,
        [MessagingSettings.GlobalPerSecondKey] = "1000",
        [MessagingSettings.PrivateChatPerSecondKey] = "1000",
        ["WebChat:MessagesPerMinute"] = "1000",
        // Every refusal here logs a warning by design; the matrix is the record.
        ["Logging:LogLevel:Default"] = "Error",
    };

    /// <summary>Posts an update to the webhook and returns the texts the chat got once it was handled and its replies sent.</summary>
    private static async Task<IReadOnlyList<string>> SayAsync(InProcessBot app, FakeTelegramServer fake, Webhook webhook, long chat, JsonObject update)
    {
        var before = Deliveries.Of(fake).To(chat).Count;
        Assert.Equal(200, await webhook.PostAsync(update));
        var id = update["update_id"]!.GetValue<long>();
        await Wait.UntilAsync(async () =>
        {
            await using var db = app.Db();
            return await db.InboundUpdates.AnyAsync(u => u.UpdateId == id && u.Status == InboundStatus.Done)
                && !await db.OutboxMessages.AnyAsync(m => m.ChatId == chat && (m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending));
        }, Handled, $"update {id} of chat {chat} handled and answered");
        return [.. Deliveries.Of(fake).To(chat).Skip(before)];
    }

    private static async Task<Uri> LinkAsync(InProcessBot app, FakeTelegramServer fake, Webhook webhook, long chat)
    {
        var texts = await SayAsync(app, fake, webhook, chat, TelegramUpdates.Message(chat, "/login"));
        var link = texts.Select(t => LoginLink().Match(t)).FirstOrDefault(m => m.Success)
            ?? throw new InvalidOperationException("No sign-in link came: " + string.Join(" | ", texts));
        return new Uri(new Uri(link.Value).PathAndQuery, UriKind.Relative);
    }

    private static async Task<HttpClient> SignInAsync(InProcessBot app, FakeTelegramServer fake, Webhook webhook, long chat)
    {
        var browser = app.Browser();
        using var opened = await browser.GetAsync(await LinkAsync(app, fake, webhook, chat));
        Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        return browser;
    }

    [GeneratedRegex(@"\{\**([A-Za-z]+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex(@"https?://[^\s<""]+/login/[A-Za-z0-9_-]{43}")]
    private static partial Regex LoginLink();
}
