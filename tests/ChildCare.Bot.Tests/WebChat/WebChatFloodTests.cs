using System.Net;
using System.Text;
using System.Text.Json;
using ChildCare.Core.Persistence;
using ChildCare.Bot.WebChat;
using ChildCare.Core.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.WebChat;

/// <summary>
/// One client filing report after report with fresh cookies (100 in 11 s before): sessions are the server's, and
/// filing is capped per client address, past which "send" waits for a proof of work; the numbers never wait.
/// </summary>
public sealed class WebChatFloodTests
{
    private static readonly object[] Report =
    [
        new { text = "/start report" }, new { button = "r:ReportDanger:no" }, new { text = "ha noi" }, new { text = "phuong hoan kiem" }, new { text = "bo qua" },
        new { text = "bo qua" }, new { text = "5" }, new { text = "gai" }, new { text = "bo qua" }, new { text = "bo mac" },
        new { text = "chau bi bo mot minh o nha nhieu ngay" }, new { text = "khong ro" }, new { text = "an danh" },
    ];

    [Fact]
    public async Task Reports_FromOneAddressWithFreshCookies_AreFiledOnlyUpToTheAddressCap()
    {
        await using var factory = new ChildCareAppFactory(Settings());
        await using var app = From(factory, "198.51.100.7");
        var held = new List<JsonElement>();
        for (var i = 0; i < 100; i++)
        {
            using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
            foreach (var step in Report)
            {
                await WebChatTests.SendAsync(browser, step);
            }

            var sent = await WebChatTests.SendAsync(browser, new { button = "r:ReportReview:send" });
            if (sent.GetProperty("challenge").ValueKind == JsonValueKind.Object)
            {
                held.Add(sent);
                Assert.Contains(WebChatTests.Replies(sent), r => r.Html.Contains("113", StringComparison.Ordinal));
            }

            if (i == 99)
            {
                // A person past the cap: the browser proves, and its report is filed.
                var challenge = sent.GetProperty("challenge");
                var proof = WebChatGuard.Solve(challenge.GetProperty("token").GetString()!, challenge.GetProperty("bits").GetInt32());
                var proven = await WebChatTests.SendAsync(browser, new { button = "r:ReportReview:send", proof });
                Assert.Contains(WebChatTests.Replies(proven), r => r.Html.Contains("Mã báo cáo", StringComparison.Ordinal));

            }
        }

        await using (var db = Db(app))
        {
            Assert.Equal(6, await db.Cases.CountAsync());
        }

        Assert.Equal(95, held.Count);
    }

    [Fact]
    public async Task Send_WithAForgedCookie_GetsANewServerIssuedSession()
    {
        await using var factory = new ChildCareAppFactory(Settings());
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var forged = RandomToken.New();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/chat/api/send") { Content = new StringContent("{\"text\":\"/start\"}", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-ChildCare-Chat", "1");
        request.Headers.Add("Cookie", "cc_chat=" + forged);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var issued = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cc_chat=", StringComparison.Ordinal)).Split(';')[0]["cc_chat=".Length..];
        Assert.NotEqual(forged, issued);
        await using var db = Db(factory);
        Assert.DoesNotContain(await db.Conversations.Select(c => c.ChatId).ToListAsync(), id => id == WebChatEndpoints.ChatIdOf(forged));
    }

    [Fact]
    public async Task EmergencyNumbers_AreGiven_ToAPersonWhoseAddressIsPastTheFilingCap()
    {
        await using var factory = new ChildCareAppFactory(new Dictionary<string, string?>(Settings()) { [WebChatSettings.ReportsPerHourPerAddressKey] = "1" });
        await using var app = From(factory, "198.51.100.8");
        for (var i = 0; i < 2; i++)
        {
            using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
            foreach (var step in Report)
            {
                await WebChatTests.SendAsync(browser, step);
            }

            await WebChatTests.SendAsync(browser, new { button = "r:ReportReview:send" });
        }

        using var person = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var danger = await WebChatTests.SendAsync(person, new { text = "cứu với, em đang bị đánh" });

        Assert.Contains(WebChatTests.Replies(danger), r => r.Html.Contains("113", StringComparison.Ordinal) && r.Html.Contains("111", StringComparison.Ordinal));
        await using var db = Db(app);
        Assert.Equal(1, await db.Cases.CountAsync());
    }

    [Fact]
    public async Task ClientAddress_ComesFromXForwardedFor_OnlyThroughAKnownProxy()
    {
        var settings = new Dictionary<string, string?>(Settings()) { [WebChatSettings.ReportsPerHourPerAddressKey] = "1", ["Web:KnownProxies"] = "10.0.0.1" };
        await using var factory = new ChildCareAppFactory(settings);

        // Through the known proxy, two clients are two addresses: each files its one report.
        await using (var proxied = From(factory, "10.0.0.1"))
        {
            foreach (var client in new[] { "203.0.113.1", "203.0.113.2" })
            {
                using var browser = proxied.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
                browser.DefaultRequestHeaders.Add("X-Forwarded-For", client);
                await FileAsync(browser);
            }
        }

        // From anyone else the header is ignored: both "clients" are the one connection, which files once.
        await using (var direct = From(factory, "10.0.0.9"))
        {
            foreach (var client in new[] { "203.0.113.3", "203.0.113.4" })
            {
                using var browser = direct.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
                browser.DefaultRequestHeaders.Add("X-Forwarded-For", client);
                await FileAsync(browser);
            }
        }

        await using var db = Db(factory);
        Assert.Equal(3, await db.Cases.CountAsync());
    }

    private static async Task FileAsync(HttpClient browser)
    {
        foreach (var step in Report)
        {
            await WebChatTests.SendAsync(browser, step);
        }

        await WebChatTests.SendAsync(browser, new { button = "r:ReportReview:send" });
    }

    private static ChildCareDbContext Db(WebApplicationFactory<Program> app) =>
        app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Deadlines:LoadDemoData"] = "false",
        ["Scheduler:InProcess"] = "false",
        // Only the filing cap is under test here: the message limits would stop the flood sooner.
        [WebChatSettings.MessagesPerMinuteKey] = "10000",
        [WebChatSettings.MessagesPerMinutePerAddressKey] = "100000",
        [WebChatSettings.ReportsPerHourPerAddressKey] = "5",
        [WebChatSettings.ProofOfWorkBitsKey] = "8",
    };

    /// <summary>The app as reached from <paramref name="address"/> (the in-memory server has no address of its own).</summary>
    private static WebApplicationFactory<Program> From(ChildCareAppFactory factory, string address) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new FromAddress(IPAddress.Parse(address)))));

    private sealed class FromAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext http, RequestDelegate following) =>
            {
                http.Connection.RemoteIpAddress = address;
                return following(http);
            });
            next(app);
        };
    }
}
