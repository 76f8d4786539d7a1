using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Core.Cases;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Tests.WebChat;

/// <summary>Issue 15 through the web chat: danger filed fast, the send tap never held back, no photo invitation.</summary>
public sealed class WebChatUrgentTests
{
    private static readonly Dictionary<string, string?> NoDemo = new() { ["Deadlines:LoadDemoData"] = "false", ["Scheduler:InProcess"] = "false" };

    [Fact]
    public async Task DangerFirstMessage_NumbersFirst_ThenFiledAsHighRiskWithinFiveExchanges()
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

        var first = await WebChatTests.SendAsync(client, new { text = "Cứu! Bé đang bị đánh" });
        var numbers = WebChatTests.Replies(first).First().Html;
        Assert.True(numbers.IndexOf("113", StringComparison.Ordinal) < numbers.IndexOf("111", StringComparison.Ordinal), numbers);
        Assert.Contains("href=\"tel:113\"", numbers, StringComparison.Ordinal);
        await WebChatTests.SendAsync(client, new { text = "ha noi" });
        var address = await WebChatTests.SendAsync(client, new { text = "phuong hoan kiem" });
        Assert.Contains(WebChatTests.Replies(address), r => r.RequestLocation);
        var contact = await WebChatTests.SendAsync(client, new { location = new { latitude = 21.03, longitude = 105.85 } });
        var skip = Buttons(contact).Single(b => b.Text == "Bỏ qua").Data;
        var filed = await WebChatTests.SendAsync(client, new { button = skip });

        Assert.Contains(WebChatTests.Replies(filed), r => r.Html.Contains("Mã báo cáo", StringComparison.Ordinal));
        // No official has joined anywhere: the reporter is told nobody there can be reached, and to call now.
        Assert.Contains(WebChatTests.Replies(filed), r => r.Html.Contains("chưa có cán bộ nào", StringComparison.Ordinal) && r.Html.Contains("113", StringComparison.Ordinal));
        Assert.DoesNotContain(WebChatTests.Replies(filed), r => r.Html.Contains("tới cán bộ nơi trẻ ở", StringComparison.Ordinal));
        await using var db = TelegramChannelTests.Db(app);
        var urgent = await db.Cases.SingleAsync();
        Assert.True(urgent.DangerNow);
        Assert.Equal(RiskLevel.High, urgent.Risk);
        Assert.Equal("ha-noi", urgent.ProvinceCode);
        Assert.Equal("web", urgent.Channel);

        // Filed, with "add details" offered: the session stays until the details are added, so the tap still
        // reaches the report (it is forgotten once they are).
        var more = Buttons(filed).Single(b => b.Text.Contains("Bổ sung", StringComparison.Ordinal)).Data;
        var asked = await WebChatTests.SendAsync(client, new { button = more });
        Assert.Contains(Buttons(asked), b => b.Text == "Bỏ qua");
    }

    [Fact]
    public async Task AfterAnUrgentReport_TheSameBrowser_ReachesNothingItHeld_ThroughContinue()
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        await WebChatTests.SendAsync(client, new { text = "Cứu! Bé đang bị đánh ở nhà số 7" });
        await WebChatTests.SendAsync(client, new { text = "ha noi" });
        await WebChatTests.SendAsync(client, new { text = "phuong hoan kiem" });
        await WebChatTests.SendAsync(client, new { location = new { latitude = 21.03125, longitude = 105.85125 } });
        await WebChatTests.SendAsync(client, new { text = "02439876543" });

        // The next person on this phone: the menu's "continue", then every question of the details to their review.
        var seen = new List<string>();
        foreach (var body in new object[] { new { text = "/menu" }, new { button = "m:continue" }, new { text = "bo qua" }, new { text = "7" }, new { text = "gai" }, new { text = "bo qua" }, new { text = "bao luc" }, new { text = "khong ro" }, new { text = "Lan" } })
        {
            seen.AddRange(WebChatTests.Replies(await WebChatTests.SendAsync(client, body)).Select(r => r.Html));
        }

        var shown = string.Join("\n", seen);
        Assert.Contains("Bổ sung vào báo cáo", shown, StringComparison.Ordinal);
        foreach (var filed in new[] { "02439876543", "21.03", "105.85", "hoan kiem", "Hoàn Kiếm", "nhà số 7" })
        {
            Assert.DoesNotContain(filed, shown, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task SendTap_PastThePerMinuteLimit_IsStillFiled_AndOtherMessagesAreToldHowLongToWait()
    {
        var settings = new Dictionary<string, string?>(NoDemo) { ["WebChat:MessagesPerMinute"] = "16" };
        await using var app = new ChildCareAppFactory(settings);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        foreach (var text in new[] { "/start report", "khong", "ha noi", "bo qua", "bo qua", "bo qua", "5", "gai", "bo qua", "bo mac", "chau bi bo mot minh o nha nhieu ngay", "khong ro", "an danh" })
        {
            await WebChatTests.SendAsync(client, new { text });
        }

        HttpResponseMessage? refused = null;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            var response = await PostAsync(client, "{\"text\":\"xin chao\"}");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using (var tooFast = refused ?? throw new InvalidOperationException("The limit never refused a message."))
        {
            var title = (await tooFast.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()!;
            Assert.Matches(@"Đợi \d+ giây", title);
            Assert.True(int.TryParse(tooFast.Headers.RetryAfter?.ToString(), out var seconds) && seconds is > 0 and <= 60, tooFast.Headers.RetryAfter?.ToString());
        }

        using var sent = await PostAsync(client, "{\"button\":\"r:ReportReview:send\"}", sendReport: true);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("Mã báo cáo", await sent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = TelegramChannelTests.Db(app);
        Assert.Equal(1, await db.Cases.CountAsync());

        // The exemption is for that tap only.
        using var other = await PostAsync(client, "{\"text\":\"xin chao\"}", sendReport: true);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }

    [Fact]
    public async Task DescriptionQuestion_OnTheWeb_DoesNotInvitePhotos()
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        JsonElement last = default;
        foreach (var text in new[] { "/start report", "khong", "ha noi", "bo qua", "bo qua", "bo qua", "5", "gai", "bo qua", "bo mac" })
        {
            last = await WebChatTests.SendAsync(client, new { text });
        }

        var asked = WebChatTests.Replies(last).Last().Html;
        Assert.Contains("Kể ngắn gọn", asked, StringComparison.Ordinal);
        Assert.DoesNotContain("ảnh", asked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvinceNamedInTheMessage_WinsOverTheRememberedOne()
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var thanhHoa = await WebChatTests.SendAsync(client, new { text = "thanh hoa" });
        Assert.Contains(WebChatTests.Replies(thanhHoa), r => r.Html.Contains("18001744", StringComparison.Ordinal));

        var haNoi = await WebChatTests.SendAsync(client, new { text = "số tổng đài Hà Nội" });

        var text = string.Join("\n", WebChatTests.Replies(haNoi).Select(r => r.Html));
        Assert.Contains("Hà Nội", text, StringComparison.Ordinal);
        Assert.DoesNotContain("18001744", text, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Text, string Data)> Buttons(JsonElement body) =>
        body.GetProperty("replies").EnumerateArray()
            .SelectMany(r => r.GetProperty("buttons").EnumerateArray()).SelectMany(row => row.EnumerateArray())
            .Where(b => b.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String)
            .Select(b => (b.GetProperty("text").GetString()!, b.GetProperty("data").GetString()!));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, bool sendReport = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/chat/api/send") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-ChildCare-Chat", "1");
        if (sendReport)
        {
            request.Headers.Add("X-ChildCare-Send-Report", "1");
        }

        return await client.SendAsync(request);
    }
}
