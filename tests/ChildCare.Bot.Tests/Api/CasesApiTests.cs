using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.FakeTelegram;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Api;

/// <summary>
/// The case queue API: integration keys and signed-in officials each read their units' cases and nothing else;
/// the official's sign-in end to end through the fake Bot API.
/// </summary>
public sealed partial class CasesApiTests : IAsyncDisposable
{
    private const string CamTanKey = "cam-tan-key-0123456789abcdefghij";
    private const string ProvinceKey = "province-key-0123456789abcdefghi";
    private const long Lan = 6001;
    private const long Stranger = 6002;
    private const long Ann = 6003;

    private ChildCareAppFactory? _app;
    private FakeTelegramServer? _fake;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }
    }

    [Fact]
    public async Task List_Refuses_WhenNoKeyOrAWrongKeyIsSent()
    {
        var app = await StartAsync();
        using var client = app.CreateClient();
        await FileAsync(app, "Xã Cẩm Tân", 101);

        using var none = await client.GetAsync(new Uri("/api/cases", UriKind.Relative));
        using var wrong = await GetAsync(client, "/api/cases", CamTanKey[..^1] + "X");
        using var empty = await GetAsync(client, "/api/cases", "");
        using var one = await GetAsync(client, "/api/cases/TE-2026-000001", "not-a-key-at-all");

        foreach (var response in new[] { none, wrong, empty, one })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
            Assert.DoesNotContain("TE-", problem.RootElement.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task List_ShowsOnlyTheKeysUnits_AndGetOfAnotherUnitsCaseIsNotFound()
    {
        var app = await StartAsync();
        using var client = app.CreateClient();
        var camTan = await FileAsync(app, "xa cam tan", 101);
        var camThuy = await FileAsync(app, "Xã Cẩm Thủy", 102);

        Assert.Equal([camTan], await CodesAsync(client, "/api/cases", CamTanKey));
        Assert.Equal([camThuy, camTan], await CodesAsync(client, "/api/cases", ProvinceKey));
        Assert.Empty(await CodesAsync(client, "/api/cases?unit=thanh-hoa/cam-thuy", CamTanKey));

        using var other = await GetAsync(client, $"/api/cases/{camThuy}", CamTanKey);
        using var missing = await GetAsync(client, "/api/cases/TE-2000-999999", CamTanKey);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(
            (await missing.Content.ReadAsStringAsync()).Replace("TE-2000-999999", "X", StringComparison.Ordinal),
            (await other.Content.ReadAsStringAsync()).Replace(camThuy, "X", StringComparison.Ordinal));

        using var own = await GetAsync(client, $"/api/cases/{camTan.ToLowerInvariant()}", CamTanKey);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("no-store", own.Headers.CacheControl?.ToString());
        using var body = JsonDocument.Parse(await own.Content.ReadAsStringAsync());
        Assert.Equal(camTan, body.RootElement.GetProperty("summary").GetProperty("code").GetString());
        Assert.Equal("thanh-hoa/cam-tan", body.RootElement.GetProperty("summary").GetProperty("unitCode").GetString());
        Assert.Equal("Received", body.RootElement.GetProperty("summary").GetProperty("stage").GetString());
        Assert.Equal("Em bé 101 bị bỏ đói", body.RootElement.GetProperty("details").GetProperty("description").GetString());

        // A key without Details reads the case's queue fields and record, never what identifies anyone.
        using var summary = await GetAsync(client, $"/api/cases/{camTan}", ProvinceKey);
        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        using var withheld = JsonDocument.Parse(await summary.Content.ReadAsStringAsync());
        var details = withheld.RootElement.GetProperty("details");
        Assert.Equal("", details.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Null, details.GetProperty("childName").ValueKind);
        Assert.Equal(camTan, withheld.RootElement.GetProperty("summary").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Get_RecordsARead_ByTheKeysName()
    {
        var app = await StartAsync();
        using var client = app.CreateClient();
        var camThuy = await FileAsync(app, "Xã Cẩm Thủy", 102);

        using (var response = await GetAsync(client, $"/api/cases/{camThuy}", ProvinceKey))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var history = body.RootElement.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
            // The clock watcher may have added an alert in between: the read is the last line.
            Assert.Equal("Filed", history[0]);
            Assert.Equal("Read", history[^1]);
        }

        using (var denied = await GetAsync(client, $"/api/cases/{camThuy}", CamTanKey))
        {
            Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
        }

        await using var db = Db(app);
        var id = await db.Cases.Where(c => c.Code == camThuy).Select(c => c.Id).SingleAsync();
        var reads = await db.CaseEvents.Where(e => e.CaseId == id && e.Action == CaseAction.Read).Select(e => e.Actor).ToListAsync();
        Assert.Equal(["api:province-dashboard"], reads);
    }

    [Fact]
    public async Task List_AppliesStageRiskAndOverdueFilters()
    {
        var app = await StartAsync();
        using var client = app.CreateClient();
        var urgent = await FileAsync(app, "Xã Cẩm Tân", 101, dangerNow: true);
        var quiet = await FileAsync(app, "Xã Cẩm Tân", 102);
        var moved = await FileAsync(app, "Xã Cẩm Thủy", 103);
        var desk = app.Services.GetRequiredService<CaseDesk>();
        Assert.True((await desk.MoveAsync(CaseViewer.System, moved, CaseStage.InitialAssessment, CancellationToken.None)).Ok);
        Assert.True((await desk.SetRiskAsync(CaseViewer.System, quiet, RiskLevel.Low, "chỉ cần theo dõi", CancellationToken.None)).Ok);

        // The urgent case came in 13 hours ago: its 12-hour emergency clock has run out.
        await using (var db = Db(app))
        {
            var past = TimeProvider.System.GetUtcNow().AddHours(-13);
            Assert.Equal(1, await db.Cases.Where(c => c.Code == urgent).ExecuteUpdateAsync(s => s.SetProperty(c => c.ReceivedAt, past)));
        }

        Assert.Equal([moved], await CodesAsync(client, "/api/cases?stage=InitialAssessment", ProvinceKey));
        Assert.Equal([quiet, urgent], await CodesAsync(client, "/api/cases?stage=received", ProvinceKey));
        Assert.Equal([urgent], await CodesAsync(client, "/api/cases?risk=High", ProvinceKey));
        Assert.Equal([quiet], await CodesAsync(client, "/api/cases?risk=Low", ProvinceKey));
        Assert.Equal([urgent], await CodesAsync(client, "/api/cases?overdue=true", ProvinceKey));
        Assert.Equal([moved, quiet], await CodesAsync(client, "/api/cases?overdue=false", ProvinceKey));
        Assert.Equal([quiet, urgent], await CodesAsync(client, "/api/cases?unit=thanh-hoa/cam-tan", ProvinceKey));
        Assert.Equal([moved], await CodesAsync(client, "/api/cases?limit=1", ProvinceKey));
        Assert.Empty(await CodesAsync(client, "/api/cases?stage=Closed", ProvinceKey));

        using var list = await GetAsync(client, "/api/cases?overdue=true", ProvinceKey);
        using var body = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        var item = body.RootElement.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("High", item.GetProperty("risk").GetString());
        Assert.Equal("Emergency", item.GetProperty("nextClock").GetString());
        Assert.True(item.GetProperty("overdue").GetBoolean());
        Assert.False(item.TryGetProperty("details", out _));
        Assert.DoesNotContain("bị bỏ đói", body.RootElement.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/cases?stage=Nope", HttpStatusCode.BadRequest, "'stage'")]
    [InlineData("/api/cases?stage=1", HttpStatusCode.BadRequest, "'stage'")]
    [InlineData("/api/cases?risk=Extreme", HttpStatusCode.BadRequest, "'risk'")]
    [InlineData("/api/cases?overdue=maybe", HttpStatusCode.BadRequest, "'overdue'")]
    [InlineData("/api/cases?limit=0", HttpStatusCode.BadRequest, "'limit'")]
    [InlineData("/api/cases?limit=1001", HttpStatusCode.BadRequest, "'limit'")]
    [InlineData("/api/cases?unit=no-such-unit", HttpStatusCode.NotFound, "no-such-unit")]
    public async Task List_ExplainsTheProblem_WhenAFilterIsBad(string url, HttpStatusCode status, string named)
    {
        var app = await StartAsync();
        using var client = app.CreateClient();

        using var response = await GetAsync(client, url, ProvinceKey);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_DescribesTheCaseEndpoints_UnderTheCasesTag()
    {
        var app = await StartAsync();
        using var client = app.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var paths = document.RootElement.GetProperty("paths");
        Assert.Equal("Cases", paths.GetProperty("/api/cases").GetProperty("get").GetProperty("tags")[0].GetString());
        Assert.True(paths.TryGetProperty("/api/cases/{code}", out _));
        Assert.True(paths.TryGetProperty("/logout", out _));
        Assert.False(paths.TryGetProperty("/login/{token}", out _));
    }

    [Fact]
    public async Task SignIn_LetsAnOfficialReadTheirUnitsCases_OnceThroughTheLinkTheBotSends()
    {
        _fake = await FakeTelegramServer.StartAsync();
        var settings = TelegramChannelTests.Settings(_fake, "Polling");
        var app = await StartAsync(settings);
        using var admin = app.CreateClient();
        var camTan = await FileAsync(app, "Xã Cẩm Tân", 101);
        var camThuy = await FileAsync(app, "Xã Cẩm Thủy", 102);

        // Lan joins Cẩm Tân, is in the middle of a report, and asks for a link: the command comes first.
        _fake.EnqueueMessage(Lan, "/join " + await InviteAsync(admin, "thanh-hoa/cam-tan", "ChildProtection"));
        await TelegramChannelTests.Eventually(() => Texts(Lan).Count >= 1);
        _fake.EnqueueMessage(Lan, "/baocao");
        await TelegramChannelTests.Eventually(() => Texts(Lan).Count >= 2);
        _fake.EnqueueMessage(Lan, "/login");
        await TelegramChannelTests.Eventually(() => Texts(Lan).Any(t => t.Contains("/login/", StringComparison.Ordinal)));

        var message = _fake.CallsTo("sendMessage").Last(c => c.ChatId == Lan);
        Assert.Contains("Liên kết đăng nhập", message.Parameters.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(message.Parameters.GetProperty("link_preview_options").GetProperty("is_disabled").GetBoolean());
        Assert.True(message.Parameters.GetProperty("protect_content").GetBoolean());
        var link = LinkIn(message.Parameters.GetProperty("text").GetString()!);
        Assert.StartsWith("http://localhost:5080/login/", link.AbsoluteUri, StringComparison.Ordinal);
        var token = link.Segments[^1];
        Assert.Contains(_fake.CommandsFor("")!.AsArray(), c => c!["command"]!.GetValue<string>() == "dangnhap" && c["description"]!.GetValue<string>().StartsWith("Đăng nhập", StringComparison.Ordinal));
        Assert.Contains(_fake.CommandsFor("en")!.AsArray(), c => c!["command"]!.GetValue<string>() == "login" && c["description"]!.GetValue<string>().StartsWith("Sign in", StringComparison.Ordinal));

        // Only hashes are stored, and nothing in the outbox holds the link.
        await using (var db = Db(app))
        {
            // The link sent is one of Lan's: an update handled again after a failure makes a second link (seen on a
            // loaded machine), and asking again does not end the first; opening one ends the others (below).
            var rows = await ChatSessions(db).ToListAsync();
            var row = Assert.Single(rows, r => r.TokenHash == OfficialSession.Hash(token));
            Assert.All(rows, r => Assert.True(r.Kind == OfficialSessionKind.LoginLink && r.OfficialId == row.OfficialId && r.UsedAt is null));
            Assert.Equal(OfficialSessionKind.LoginLink, row.Kind);
            Assert.Equal(OfficialSession.Hash(token), row.TokenHash);
            Assert.NotEqual(token, row.TokenHash);
            Assert.Equal(TimeSpan.FromMinutes(10), row.ExpiresAt - row.CreatedAt);
            var sealer = _app!.Services.GetRequiredService<ChildCare.Core.Privacy.Sealer>();
            Assert.DoesNotContain((await db.OutboxMessages.AsNoTracking().ToListAsync()).Select(m => m.Opened(sealer)), m => m.Text.Contains(token, StringComparison.Ordinal));
        }

        // Opening the link signs the browser in and sends it to the overview, on the address the browser used (no
        // Web:PublicBaseUrl is set here, so not the default localhost:5080).
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        string sessionToken;
        using (var opened = await browser.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
            Assert.Equal("http://localhost/overview", opened.Headers.Location?.AbsoluteUri);
            var cookie = Assert.Single(opened.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith("cc_session=", cookie, StringComparison.Ordinal);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
            sessionToken = cookie["cc_session=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
        }

        var lanId = await OfficialIdAsync(app, Lan);
        await using (var db = Db(app))
        {
            var session = await ChatSessions(db).SingleAsync(s => s.Kind == OfficialSessionKind.Session);
            Assert.Equal(lanId, session.OfficialId);
            Assert.Equal(OfficialSession.Hash(sessionToken), session.TokenHash);
            Assert.Equal(TimeSpan.FromHours(12), session.ExpiresAt - session.CreatedAt);
            Assert.NotNull((await ChatSessions(db).SingleAsync(s => s.TokenHash == OfficialSession.Hash(token))).UsedAt);
            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            Assert.All(await ChatSessions(db).Where(s => s.OfficialId == lanId && s.Kind == OfficialSessionKind.LoginLink && s.TokenHash != OfficialSession.Hash(token)).ToListAsync(),
                other => Assert.True(other.ExpiresAt <= now, "opening a link ends the other unused ones"));
        }

        string antiforgery;
        using (var page = await browser.GetAsync(new Uri("/login", UriKind.Relative)))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("Bạn đã đăng nhập", html, StringComparison.Ordinal);
            Assert.Contains("href=\"cases\"", html, StringComparison.Ordinal);
            antiforgery = AntiforgeryToken().Match(html).Groups[1].Value;
        }

        // The session reads Cẩm Tân's cases only; opening one is recorded under the official.
        Assert.Equal([camTan], await CodesAsync(browser, "/api/cases", key: null));
        using (var other = await browser.GetAsync(new Uri($"/api/cases/{camThuy}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        using (var own = await browser.GetAsync(new Uri($"/api/cases/{camTan}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        await using (var db = Db(app))
        {
            Assert.True(await db.CaseEvents.AnyAsync(e => e.Action == CaseAction.Read && e.Actor == $"official:{lanId}"));
        }

        // A key, once sent, decides alone: a wrong one beside a good cookie is refused.
        using (var wrongKey = await GetAsync(browser, "/api/cases", "wrong-key-wrong-key-wrong-key-wrong"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        }

        // The link works once.
        using var otherBrowser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var again = await otherBrowser.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
            Assert.False(again.Headers.Contains("Set-Cookie"));
            Assert.Contains("không còn dùng được", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var anonymous = await otherBrowser.GetAsync(new Uri("/api/cases", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        // Signing out ends the session on the server, not only in the browser.
        using (var forged = await browser.PostAsync(new Uri("/logout", UriKind.Relative), new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using var signOut = new FormUrlEncodedContent([new("__RequestVerificationToken", antiforgery)]);
        using (var signedOut = await browser.PostAsync(new Uri("/logout", UriKind.Relative), signOut))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);
            Assert.Contains("cc_session=;", Assert.Single(signedOut.Headers.GetValues("Set-Cookie")), StringComparison.Ordinal);
        }

        using (var replayed = await WithCookieAsync(app, sessionToken, "/api/cases"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        }
    }

    [Fact]
    public async Task SignIn_RefusesExpiredAndOtherwiseUsedLinks_AndEndsWithTheSession()
    {
        var app = await StartAsync();
        using var admin = app.CreateClient();
        var camTan = await FileAsync(app, "Xã Cẩm Tân", 101);
        await JoinAsync(app, admin, Lan, "thanh-hoa/cam-tan", "ChildProtection");
        var signIn = app.Services.GetRequiredService<OfficialSignIn>();

        // A link past its ten minutes does nothing.
        var expired = (await signIn.IssueLinkAsync("telegram", Lan, CancellationToken.None))!;
        await using (var db = Db(app))
        {
            var past = TimeProvider.System.GetUtcNow().AddSeconds(-1);
            var hash = OfficialSession.Hash(expired.Token);
            await db.OfficialSessions.Where(s => s.TokenHash == hash).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, past));
        }

        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB");
        using (var tooLate = await browser.GetAsync(new Uri("/login/" + expired.Token, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLate.StatusCode);
            Assert.Contains("no longer works", await tooLate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Opening a link ends the other unused one.
        var first = (await signIn.IssueLinkAsync("telegram", Lan, CancellationToken.None))!;
        var second = (await signIn.IssueLinkAsync("telegram", Lan, CancellationToken.None))!;
        using (var opened = await browser.GetAsync(new Uri("/login/" + second.Token, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        }

        Assert.Null(await signIn.RedeemLinkAsync(first.Token, CancellationToken.None));

        Assert.Equal([camTan], await CodesAsync(browser, "/api/cases", key: null));
        using (var junk = await browser.GetAsync(new Uri("/login/not-a-token", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
        }

        // A session past its twelve hours is refused.
        await using (var db = Db(app))
        {
            var past = TimeProvider.System.GetUtcNow().AddSeconds(-1);
            await db.OfficialSessions.Where(s => s.Kind == OfficialSessionKind.Session).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, past));
        }

        using (var ended = await browser.GetAsync(new Uri("/api/cases", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
            Assert.Contains("/login", await ended.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var page = await browser.GetAsync(new Uri("/login", UriKind.Relative)))
        {
            Assert.Contains("You are not signed in", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignIn_IsForbidden_WhenTheOfficialNoLongerFollowsAUnit()
    {
        var app = await StartAsync();
        using var admin = app.CreateClient();
        await JoinAsync(app, admin, Lan, "thanh-hoa/cam-tan", "ChildProtection");
        var signIn = app.Services.GetRequiredService<OfficialSignIn>();
        var link = (await signIn.IssueLinkAsync("telegram", Lan, CancellationToken.None))!;
        var session = (await signIn.RedeemLinkAsync(link.Token, CancellationToken.None))!;

        var person = new ChildCare.Core.Officials.ChatPerson("telegram", Lan, ChildCare.Core.Localization.Language.Vi, "Lan");
        await app.Services.GetRequiredService<ChildCare.Core.Officials.OfficialDesk>().UnsubscribeAsync(person, CancellationToken.None);

        using var response = await WithCookieAsync(app, session.Token, "/api/cases");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await signIn.IssueLinkAsync("telegram", Lan, CancellationToken.None));
    }

    [Fact]
    public async Task Login_AnswersPolitely_WhenTheChatIsNoOfficials()
    {
        _fake = await FakeTelegramServer.StartAsync();
        var app = await StartAsync(TelegramChannelTests.Settings(_fake, "Polling"));
        using var client = app.CreateClient();

        _fake.EnqueueMessage(Stranger, "/dangnhap");
        _fake.EnqueueUpdate(new
        {
            message = new
            {
                message_id = 1,
                date = 1_700_000_000,
                chat = new { id = Ann, type = "private" },
                from = new { id = Ann, is_bot = false, first_name = "Ann", language_code = "en" },
                text = "/login",
            },
        });
        await TelegramChannelTests.Eventually(() => Texts(Stranger).Count >= 1 && Texts(Ann).Count >= 1);

        Assert.Contains("Xin lỗi", Texts(Stranger).Single(), StringComparison.Ordinal);
        Assert.Contains("Sorry", Texts(Ann).Single(), StringComparison.Ordinal);
        Assert.All(Texts(Stranger).Concat(Texts(Ann)), t => Assert.DoesNotContain("/login/", t, StringComparison.Ordinal));
        await using var db = Db(app);
        Assert.Equal(0, await ChatSessions(db).CountAsync());
    }

    private async Task<ChildCareAppFactory> StartAsync(Dictionary<string, string?>? settings = null)
    {
        settings ??= new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false" };
        settings["Deadlines:LoadDemoData"] = "false";
        settings["Api:Keys:0:Name"] = "cam-tan-app";
        settings["Api:Keys:0:Key"] = CamTanKey;
        settings["Api:Keys:0:Units:0"] = "thanh-hoa/cam-tan";
        settings["Api:Keys:0:Details"] = "true";
        settings["Api:Keys:1:Name"] = "province-dashboard";
        settings["Api:Keys:1:Key"] = ProvinceKey;
        settings["Api:Keys:1:Units:0"] = "thanh-hoa";
        _app = new ChildCareAppFactory(settings);
        using var client = _app.CreateClient();
        var plan = new
        {
            plan = new { code = "cases-test", titleVi = "Đơn vị thử" },
            units = new object[]
            {
                new { code = "thanh-hoa", nameVi = "Tỉnh Thanh Hóa", nameEn = "Thanh Hoa province", kind = "Province" },
                new { code = "thanh-hoa/cam-tan", nameVi = "Xã Cẩm Tân", nameEn = "Cam Tan commune", kind = "Commune", parent = "thanh-hoa" },
                new { code = "thanh-hoa/cam-thuy", nameVi = "Xã Cẩm Thủy", nameEn = "Cam Thuy commune", kind = "Commune", parent = "thanh-hoa" },
            },
            rules = Array.Empty<object>(),
        };
        using var imported = await client.AdminPostAsJsonAsync("/api/admin/plans", plan);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        return _app;
    }

    private static async Task<string> FileAsync(ChildCareAppFactory app, string commune, long chat, bool dangerNow = false)
    {
        var draft = new ReportDraft
        {
            Id = Guid.NewGuid(),
            StartedAt = TimeProvider.System.GetUtcNow(),
            DangerNow = dangerNow,
            ProvinceCode = "thanh-hoa",
            ProvinceAnswered = true,
            Commune = commune,
            ChildName = "Bé " + chat,
            Category = CaseCategory.Neglect,
            Description = $"Em bé {chat} bị bỏ đói",
            Anonymous = true,
        };
        var outcome = await app.Services.GetRequiredService<CaseIntake>().FileAsync(draft, "telegram", chat, CancellationToken.None);
        return Assert.IsType<ReportFiled>(outcome).Code;
    }

    private static async Task<string> InviteAsync(HttpClient client, string unit, string role)
    {
        using var response = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit, role });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("code").GetString()!;
    }

    private static async Task JoinAsync(ChildCareAppFactory app, HttpClient admin, long chat, string unit, string role)
    {
        var desk = app.Services.GetRequiredService<ChildCare.Core.Officials.OfficialDesk>();
        var person = new ChildCare.Core.Officials.ChatPerson("telegram", chat, ChildCare.Core.Localization.Language.Vi, "Lan");
        var replies = await desk.JoinAsync(person, await InviteAsync(admin, unit, role), CancellationToken.None);
        // The welcome first; then, when the unit has untaken cases, what waits there.
        Assert.Contains("Bạn đã tham gia", replies[0].Text, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await client.SendAsync(request);
    }

    private static async Task<List<string>> CodesAsync(HttpClient client, string url, string? key)
    {
        using var response = await GetAsync(client, url, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!)];
    }

    private static async Task<HttpResponseMessage> WithCookieAsync(ChildCareAppFactory app, string session, string url)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Add("Cookie", "cc_session=" + session);
        return await client.SendAsync(request);
    }

    private static async Task<long> OfficialIdAsync(ChildCareAppFactory app, long chat)
    {
        await using var db = Db(app);
        return await db.Officials.Where(o => o.ChatId == chat).Select(o => o.Id).SingleAsync();
    }

    private List<string> Texts(long chat) =>
        [.. _fake!.CallsTo("sendMessage").Where(c => c.ChatId == chat).Select(c => c.Parameters.GetProperty("text").GetString()!)];

    private static Uri LinkIn(string text) => new(LoginLink().Match(text).Value);

    private static ChildCareDbContext Db(ChildCareAppFactory app) =>
        app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex(@"https?://[^\s<]+/login/[A-Za-z0-9_-]{43}")]
    private static partial Regex LoginLink();

    // Links and sessions of officials who joined by chat: the web administrator made at start has its own link.
    private static IQueryable<OfficialSession> ChatSessions(ChildCareDbContext db) =>
        db.OfficialSessions.Where(s => db.Officials.Any(o => o.Id == s.OfficialId && o.Channel != OfficialSignIn.WebChannel));
}
