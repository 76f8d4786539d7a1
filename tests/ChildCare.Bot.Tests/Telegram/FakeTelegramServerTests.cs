using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChildCare.FakeTelegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChildCare.Bot.Tests.Telegram;

/// <summary>The fake must reject what the real Bot API rejects, or client tests prove nothing.</summary>
public sealed class FakeTelegramServerTests : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(1));

    private CancellationToken Token => _timeout.Token;

    public void Dispose()
    {
        _http.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Post_Returns404_WhenMethodUnknown()
    {
        await using var fake = await FakeTelegramServer.StartAsync();

        var (status, body) = await PostAsync(fake, "sendMesage", """{"chat_id": 1, "text": "x"}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Not Found: method not found", body["description"]?.GetValue<string>());
        Assert.False(body["ok"]?.GetValue<bool>());
    }

    [Fact]
    public async Task Post_Returns401_WhenTokenWrong()
    {
        await using var fake = await FakeTelegramServer.StartAsync();

        using var response = await _http.PostAsync(new Uri(fake.BaseUrl, "./bot1:nope/getMe"), null, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_Returns400NamingParameter_WhenParameterUnknown()
    {
        await using var fake = await FakeTelegramServer.StartAsync();

        var (status, body) = await PostAsync(fake, "sendMessage", """{"chat_id": 1, "text": "x", "disable_web_page_previewz": true}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"disable_web_page_previewz\"", body["description"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(fake.Calls);
    }

    [Fact]
    public async Task Post_Returns400_WhenRequiredParameterMissing()
    {
        await using var fake = await FakeTelegramServer.StartAsync();

        var (status, body) = await PostAsync(fake, "sendMessage", """{"chat_id": 1}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Bad Request: parameter \"text\" is required", body["description"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"chat_id": true, "text": "x"}""", "chat_id")]
    [InlineData("""{"chat_id": 1, "text": 5}""", "text")]
    [InlineData("""{"chat_id": 1.5, "text": "x"}""", "chat_id")]
    [InlineData("""{"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_dat": "b"}]]}}""", "callback_dat")]
    [InlineData("""{"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [{"text": "a"}]}}""", "reply_markup")]
    [InlineData("""{"chat_id": 1, "text": "x", "link_preview_options": {"is_disabled": "yes"}}""", "is_disabled")]
    public async Task Post_Returns400NamingParameter_WhenTypeIsWrong(string parameters, string named)
    {
        await using var fake = await FakeTelegramServer.StartAsync();

        var (status, body) = await PostAsync(fake, "sendMessage", parameters);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(named, body["description"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_Returns400_WhenCallbackDataOver64Bytes()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        var data = new string('đ', 33);

        var (status, body) = await PostAsync(fake, "sendMessage",
            $$$"""{"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "{{{data}}}"}]]}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Bad Request: BUTTON_DATA_INVALID", body["description"]?.GetValue<string>());
    }

    [Fact]
    public async Task Post_RecordsCall_WhenValid()
    {
        await using var fake = await FakeTelegramServer.StartAsync();

        var (status, body) = await PostAsync(fake, "sendMessage", """{"chat_id": -100, "text": "<i>x</i>", "parse_mode": "HTML"}""");
        var (_, second) = await PostAsync(fake, "sendMessage", """{"chat_id": -100, "text": "y"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("group", body["result"]?["chat"]?["type"]?.GetValue<string>());
        Assert.Equal(body["result"]!["message_id"]!.GetValue<long>() + 1, second["result"]?["message_id"]?.GetValue<long>());
        Assert.Equal(2, fake.CountForChat(-100));
    }

    [Fact]
    public async Task Post_ReadsParametersAsTheirSpecTypes_WhenSentAsFormOrQuery()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["chat_id"] = "-100",
            ["text"] = "x",
            ["reply_markup"] = """{"inline_keyboard":[[{"text":"a","callback_data":"b"}]]}""",
        });
        using var multipart = new MultipartFormDataContent { { new StringContent("-100"), "chat_id" }, { new StringContent("y"), "text" } };

        using var byForm = await _http.PostAsync(new Uri(fake.BaseUrl, $"./bot{fake.Token}/sendMessage"), form, Token);
        using var byMultipart = await _http.PostAsync(new Uri(fake.BaseUrl, $"./bot{fake.Token}/sendMessage"), multipart, Token);
        using var byQuery = await _http.GetAsync(new Uri(fake.BaseUrl, $"./bot{fake.Token}/getUpdates?offset=3&timeout=0"), Token);
        using var noBody = await _http.PostAsync(new Uri(fake.BaseUrl, $"./bot{fake.Token}/getMe"), null, Token);
        using var wrongType = await _http.PostAsync(new Uri(fake.BaseUrl, $"./bot{fake.Token}/getUpdates?offset=three"), null, Token);

        Assert.Equal(HttpStatusCode.OK, byForm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byMultipart.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, noBody.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        var first = fake.CallsTo("sendMessage")[0].Parameters;
        Assert.Equal(-100, first.GetProperty("chat_id").GetInt64());
        Assert.Equal("b", first.GetProperty("reply_markup").GetProperty("inline_keyboard")[0][0].GetProperty("callback_data").GetString());
        Assert.Equal(3, fake.CallsTo("getUpdates")[0].Parameters.GetProperty("offset").GetInt64());
    }

    [Fact]
    public async Task Post_Returns429WithRetryAfter_WhenGroupLimitExceeded()
    {
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RateLimits = new FakeRateLimits(null, null, 3) });

        for (var i = 0; i < 3; i++)
        {
            await PostAsync(fake, "sendMessage", """{"chat_id": -5, "text": "x"}""");
        }

        var (status, body) = await PostAsync(fake, "sendMessage", """{"chat_id": -5, "text": "x"}""");
        var (otherChat, _) = await PostAsync(fake, "sendMessage", """{"chat_id": -6, "text": "x"}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.InRange(body["parameters"]?["retry_after"]?.GetValue<int>() ?? 0, 55, 60);
        Assert.Equal(HttpStatusCode.OK, otherChat);
        Assert.Equal(1, fake.TooManyRequestsSent);
    }

    [Fact]
    public async Task GetUpdates_ForgetsUpdatesBelowOffset_WhenOffsetGiven()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        var first = fake.EnqueueMessage(1, "a");
        var second = fake.EnqueueMessage(1, "b");

        var (_, all) = await PostAsync(fake, "getUpdates", """{"limit": 1}""");
        var (_, after) = await PostAsync(fake, "getUpdates", $$"""{"offset": {{second}}}""");
        var (_, again) = await PostAsync(fake, "getUpdates", "{}");

        Assert.Equal(first, Assert.Single(all["result"]!.AsArray())!["update_id"]!.GetValue<long>());
        Assert.Equal(second, Assert.Single(after["result"]!.AsArray())!["update_id"]!.GetValue<long>());
        Assert.Equal(second, Assert.Single(again["result"]!.AsArray())!["update_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task EnqueueUpdate_PostsToWebhookWithSecret_WhenWebhookSet()
    {
        var received = new TaskCompletionSource<(string? Secret, string Body)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            received.TrySetResult((context.Request.Headers["X-Telegram-Bot-Api-Secret-Token"].ToString(), await reader.ReadToEndAsync(context.RequestAborted)));
            return Results.Ok();
        });
        await receiver.StartAsync(Token);
        await using var fake = await FakeTelegramServer.StartAsync();

        var hook = new Uri(new Uri(receiver.Urls.First()), "/hook");
        var (status, _) = await PostAsync(fake, "setWebhook", $$"""{"url": "{{hook}}", "secret_token": "abc_DEF-1"}""");
        var id = fake.EnqueueMessage(42, "xin chào");
        var (secret, body) = await received.Task.WaitAsync(TimeSpan.FromSeconds(10), Token);
        var (conflict, _) = await PostAsync(fake, "getUpdates", "{}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("abc_DEF-1", secret);
        Assert.Equal(id, JsonNode.Parse(body)?["update_id"]?.GetValue<long>());
        Assert.Equal(HttpStatusCode.Conflict, conflict);
    }

    [Fact]
    public async Task Post_Returns5xx_WhileOutageLasts()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        fake.FailNextCalls(1, 500);

        var (failed, _) = await PostAsync(fake, "getMe", "{}");
        var (recovered, _) = await PostAsync(fake, "getMe", "{}");

        Assert.Equal(HttpStatusCode.InternalServerError, failed);
        Assert.Equal(HttpStatusCode.OK, recovered);
    }

    [Fact]
    public async Task Post_AnswersAfterLatency_WhenLatencySet()
    {
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Latency = TimeSpan.FromMilliseconds(400) });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (status, _) = await PostAsync(fake, "getMe", "{}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(380), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task Post_Returns403_WhenChatBlocked()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        fake.BlockChat(9);

        var (blocked, body) = await PostAsync(fake, "sendMessage", """{"chat_id": 9, "text": "x"}""");
        fake.UnblockChat(9);
        var (unblocked, _) = await PostAsync(fake, "sendMessage", """{"chat_id": 9, "text": "x"}""");

        Assert.Equal(HttpStatusCode.Forbidden, blocked);
        Assert.Equal("Forbidden: bot was blocked by the user", body["description"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, unblocked);
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(FakeTelegramServer fake, string method, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(fake.BaseUrl, $"./bot{fake.Token}/{method}"), content, Token);
        var body = await response.Content.ReadFromJsonAsync<JsonNode>(JsonSerializerOptions.Default, Token);
        return (response.StatusCode, body!);
    }
}
