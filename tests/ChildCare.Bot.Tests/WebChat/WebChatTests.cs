using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChildCare.Bot.Tests.Telegram;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Bot.Tests.WebChat;

/// <summary>The web chat over HTTP: the page, its guard, its session, and a report filed from a browser.</summary>
public sealed class WebChatTests
{
    private static readonly Dictionary<string, string?> NoDemo = new() { ["Deadlines:LoadDemoData"] = "false", ["Scheduler:InProcess"] = "false" };

    [Fact]
    public async Task Page_IsServedWithAStrictContentSecurityPolicy()
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient();

        using var page = await client.GetAsync(new Uri("/chat", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/chat/chat.js", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        using var script = await client.GetAsync(new Uri("/chat/chat.js", UriKind.Relative));
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Send_WithoutTheGuardHeader_IsRefused()
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient();

        using var response = await client.PostAsync(new Uri("/chat/api/send", UriKind.Relative), new StringContent("{\"text\":\"/start\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"text\":\"hi\",\"button\":\"m:menu\"}")]
    [InlineData("{}")]
    [InlineData("not json")]
    [InlineData("{\"location\":{\"latitude\":999,\"longitude\":0}}")]
    public async Task Send_MalformedBody_Is400(string body)
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient();

        using var response = await PostAsync(client, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Report_FromTheBrowser_CreatesOneCase_AndTheSessionIsRotatedAfterIt()
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

        var start = await SendAsync(client, new { text = "/start report" });
        Assert.Equal("vi", start.GetProperty("language").GetString());
        var steps = new object[]
        {
            new { button = "r:ReportDanger:no" }, new { text = "ha noi" }, new { text = "phuong hoan kiem" }, new { text = "bo qua" },
        };
        foreach (var step in steps)
        {
            await SendAsync(client, step);
        }

        // The address question asks for a location: the page shows its button.
        var address = await SendAsync(client, new { location = new { latitude = 21.03, longitude = 105.85 } });
        Assert.Contains(Replies(address), r => r.Html.Contains("Đã ghi nhận", StringComparison.Ordinal));
        foreach (var step in new object[] { new { text = "5" }, new { text = "gai" }, new { text = "bo qua" }, new { text = "bo mac" }, new { text = "chau bi bo mot minh o nha nhieu ngay" }, new { text = "khong ro" }, new { text = "an danh" } })
        {
            await SendAsync(client, step);
        }

        Assert.False((await SendAsync(client, new { text = "/menu" })).GetProperty("forget").GetBoolean());
        await SendAsync(client, new { button = "m:continue" });
        var sent = await SendAsync(client, new { button = "r:ReportReview:send" });

        // The page is told to forget what it showed of the report.
        Assert.True(sent.GetProperty("forget").GetBoolean());
        var confirmation = Replies(sent).Single(r => r.Html.Contains("Mã báo cáo", StringComparison.Ordinal)).Html;
        Assert.Contains("href=\"tel:111\"", confirmation, StringComparison.Ordinal);

        // The page forgets the chat after the report (below): it says to keep the code and the follow code, and not to
        // call 111 with the code (111 is not connected to this system).
        Assert.Contains("ghi lại mã", confirmation, StringComparison.Ordinal);
        Assert.Contains("mã theo dõi", confirmation, StringComparison.Ordinal);
        Assert.DoesNotContain("đọc mã", confirmation, StringComparison.Ordinal);

        await using (var db = TelegramChannelTests.Db(app))
        {
            var filed = await db.Cases.SingleAsync();
            Assert.Equal("web", filed.Channel);
            Assert.Contains(filed.Code, confirmation, StringComparison.Ordinal);
        }

        // Filing rotated the session: the next person on this phone reaches nothing of the report.
        var status = await SendAsync(client, new { text = "/status" });
        Assert.DoesNotContain(Replies(status), r => r.Html.Contains("Đã tiếp nhận", StringComparison.Ordinal));

        // Nor does a browser without the session cookie.
        using var other = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var nothing = await SendAsync(other, new { text = "/status" });
        Assert.DoesNotContain(Replies(nothing), r => r.Html.Contains("Đã tiếp nhận", StringComparison.Ordinal));

        // The reporter follows it from any new session with the code and the follow code shown once (the stage only).
        var shown = System.Text.RegularExpressions.Regex.Match(confirmation, @"/status (TE-\d{4}-\d{6}) ([A-Z2-9]{4}-[A-Z2-9]{4})");
        Assert.True(shown.Success, confirmation);
        using var later = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var followed = await SendAsync(later, new { text = $"/status {shown.Groups[1].Value} {shown.Groups[2].Value}" });
        Assert.Contains(Replies(followed), r => r.Html.Contains("Đã tiếp nhận", StringComparison.Ordinal));
        var wrong = await SendAsync(later, new { text = $"/status {shown.Groups[1].Value} ABCD-EFGH" });
        Assert.DoesNotContain(Replies(wrong), r => r.Html.Contains("Đã tiếp nhận", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_SaysThePreviousConversationWasDeleted_WithoutSayingItWasAReport_WhenTheSessionIdledOut()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
        await using var app = new ChildCareAppFactory(NoDemo, time: time);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        foreach (var text in new[] { "/start report", "khong", "ha noi", "phuong hoan kiem", "thon ba" })
        {
            await SendAsync(client, new { text });
        }

        time.Advance(TimeSpan.FromMinutes(45));
        var back = await SendAsync(client, new { text = "xin chao" });

        var shown = string.Join("\n", Replies(back).Select(r => r.Html));
        Assert.True(back.GetProperty("forget").GetBoolean());
        Assert.Contains("đã được xoá", shown, StringComparison.Ordinal);
        Assert.Contains("30 phút", shown, StringComparison.Ordinal);
        // On a shared phone the next person may be the one the report was about: nothing says there was one.
        Assert.DoesNotContain("báo cáo", shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hoan kiem", shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Tiếp tục", shown, StringComparison.Ordinal);
        await using (var db = TelegramChannelTests.Db(app))
        {
            Assert.False(await db.Conversations.AnyAsync(c => c.HasDraft));
        }

        // Told once; an idle session that held no report (only the province asked for help numbers) is told the same,
        // so the notice gives nothing away.
        var again = await SendAsync(client, new { text = "so dien thoai tong dai" });
        Assert.DoesNotContain(Replies(again), r => r.Html.Contains("đã được xoá", StringComparison.Ordinal));
        await SendAsync(client, new { text = "thanh hoa" });
        time.Advance(TimeSpan.FromMinutes(45));
        var idle = await SendAsync(client, new { text = "xin chao" });
        Assert.Equal(Replies(back).Select(r => r.Html).First(), Replies(idle).Select(r => r.Html).First());
    }

    [Theory]
    [InlineData("/join ABCDEF")]
    [InlineData("/hanchot")]
    [InlineData("/deadlines")]
    public async Task OfficialsCommand_FromAnAnonymousVisitor_TellsHowOfficialsJoinOnTheWeb(string command)
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

        var answer = string.Join("\n", Replies(await SendAsync(client, new { text = command })).Select(r => r.Html));

        Assert.Contains("/join/", answer, StringComparison.Ordinal);
        Assert.Contains("Cán bộ đăng nhập", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("chưa biết lệnh", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Gửi /join", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RetriedWithTheSameId_IsAnsweredAgain_NotTakenTwice()
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        await SendAsync(client, new { text = "/start report", id = "aaaaaaaa01" });
        await SendAsync(client, new { text = "khong", id = "aaaaaaaa02" });

        // "ha noi" answers the province; its retry (the page timed out) must not answer the commune question too.
        var first = await SendAsync(client, new { text = "ha noi", id = "aaaaaaaa03" });
        var retry = await SendAsync(client, new { text = "ha noi", id = "aaaaaaaa03" });
        var next = await SendAsync(client, new { text = "phuong hoan kiem", id = "aaaaaaaa04" });

        Assert.Equal(first.GetProperty("replies").GetRawText(), retry.GetProperty("replies").GetRawText());
        Assert.Contains(Replies(next), r => r.Html.Contains("Thôn, xóm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendReport_RetriedAfterItsAnswerWasLost_ShowsTheSameCodesAgain_AndFilesOnce()
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        string? cookie = null;
        async Task<JsonElement> SayAsync(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/chat/api/send") { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
            request.Headers.Add("X-ChildCare-Chat", "1");
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }

            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                cookie = set.Select(c => c.Split(';')[0]).Last(c => c.StartsWith("cc_chat=", StringComparison.Ordinal));
            }

            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        var n = 0;
        foreach (var text in new[] { "Cứu! Bé đang bị đánh", "ha noi", "phuong hoan kiem", "gan cho" })
        {
            await SayAsync(new { text, id = $"aaaaaaab{n++:D2}" });
        }

        var before = cookie;
        var sent = await SayAsync(new { text = "bo qua", id = "aaaaaaac01" });
        var confirmation = string.Join("\n", Replies(sent).Select(r => r.Html));
        Assert.Contains("mã theo dõi", confirmation, StringComparison.Ordinal);
        Assert.NotEqual(before, cookie);

        // The answer never reached the page: it still holds the old session and sends the same input again.
        cookie = before;
        var retried = await SayAsync(new { text = "bo qua", id = "aaaaaaac01" });

        Assert.Equal(confirmation, string.Join("\n", Replies(retried).Select(r => r.Html)));
        Assert.Equal(sent.GetProperty("forget").GetBoolean(), retried.GetProperty("forget").GetBoolean());
        await using var db = TelegramChannelTests.Db(app);
        Assert.Equal(1, await db.Cases.CountAsync());
    }

    [Fact]
    public async Task AddressQuestion_AsksTheBrowserForALocation()
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        await SendAsync(client, new { text = "/start report" });
        foreach (var step in new[] { "khong", "ha noi", "phuong hoan kiem", "bo qua" })
        {
            await SendAsync(client, new { text = step });
        }

        var replies = await SendAsync(client, new { text = "/language vi" });
        Assert.Contains(replies.GetProperty("replies").EnumerateArray(), r => r.GetProperty("requestLocation").GetBoolean());
    }

    [Fact]
    public async Task Ui_FollowsTheBrowserLanguage_ThenTheChoiceInTheChat()
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB,en;q=0.8");

        var english = await client.GetFromJsonAsync<JsonElement>("/chat/api/ui");
        Assert.Equal("en", english.GetProperty("language").GetString());
        Assert.Contains("113", english.GetProperty("texts").GetProperty("emergencyBanner").GetString(), StringComparison.Ordinal);

        var chosen = await SendAsync(client, new { text = "/language vi" });
        Assert.Equal("vi", chosen.GetProperty("language").GetString());
        var vietnamese = await client.GetFromJsonAsync<JsonElement>("/chat/api/ui");
        Assert.Equal("Gửi", vietnamese.GetProperty("texts").GetProperty("send").GetString());
    }

    [Fact]
    public async Task Send_BeyondTheRateLimit_Is429WithASentence()
    {
        var settings = new Dictionary<string, string?>(NoDemo) { ["WebChat:MessagesPerMinute"] = "3" };
        await using var app = new ChildCareAppFactory(settings);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        // The first message has no session yet and counts for the address; the next three for the session.
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6 && refused is null; i++)
        {
            var response = await PostAsync(client, "{\"text\":\"/menu\"}");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        using var tooFast = refused!;
        Assert.Contains("nhanh quá", (await tooFast.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_BeyondTheRateLimit_StillGivesTheEmergencyNumbers_WhenTheMessageSaysAChildIsInDanger()
    {
        var settings = new Dictionary<string, string?>(NoDemo) { ["WebChat:MessagesPerMinute"] = "2" };
        await using var app = new ChildCareAppFactory(settings);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        HttpStatusCode status;
        var sent = 0;
        do
        {
            using var response = await PostAsync(client, "{\"text\":\"/menu\"}");
            status = response.StatusCode;
        }
        while (status != HttpStatusCode.TooManyRequests && ++sent < 10);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);

        using var danger = await PostAsync(client, JsonSerializer.Serialize(new { text = "em bi bo danh dau lam" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, danger.StatusCode);
        var body = await danger.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("nhanh quá", body.GetProperty("title").GetString(), StringComparison.Ordinal);
        var numbers = Assert.Single(Replies(body)).Html;
        Assert.Contains("113", numbers, StringComparison.Ordinal);
        Assert.True(numbers.IndexOf("113", StringComparison.Ordinal) < numbers.IndexOf("111", StringComparison.Ordinal), numbers);

        // A refused message of no danger gets the wait alone.
        using var calm = await PostAsync(client, JsonSerializer.Serialize(new { text = "xin chào" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, calm.StatusCode);
        Assert.Empty(Replies(await calm.Content.ReadFromJsonAsync<JsonElement>()));
    }

    internal static async Task<JsonElement> SendAsync(HttpClient client, object body)
    {
        using var response = await PostAsync(client, JsonSerializer.Serialize(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/chat/api/send") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-ChildCare-Chat", "1");
        return await client.SendAsync(request);
    }

    internal static IEnumerable<(string Html, bool RequestLocation)> Replies(JsonElement body) =>
        body.GetProperty("replies").EnumerateArray().Select(r => (r.GetProperty("html").GetString()!, r.GetProperty("requestLocation").GetBoolean()));
}
