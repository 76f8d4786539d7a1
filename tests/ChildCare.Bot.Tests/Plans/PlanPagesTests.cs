using System.Net;
using System.Text.RegularExpressions;
using ChildCare.Core.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Plans;

/// <summary>The /plans page over HTTP: upload, review table, accept into the official's unit; antiforgery on both forms.</summary>
public sealed partial class PlanPagesTests : IAsyncDisposable
{
    private const long Lan = 9201;
    private readonly ChildCareAppFactory _app = new(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Page_SendsTheBrowserToSignIn_WhenNotSignedIn()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri("/plans", UriKind.Relative));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task UploadReviewAccept_CreatesTheKeptItemsWithTheirCorrections_InTheChosenUnit()
    {
        await PlanTestApp.ImportUnitsAsync(_app);
        await PlanTestApp.JoinAsync(_app, Lan, PlanTestApp.Commune);
        using var browser = await PlanTestApp.SignedInAsync(_app, Lan);

        string token;
        using (var page = await browser.GetAsync(new Uri("/plans", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.True(page.Headers.CacheControl?.NoStore, "the page is not kept by a browser or a proxy");
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("enctype=\"multipart/form-data\"", html, StringComparison.Ordinal);
            token = Token().Match(html).Groups[1].Value;
        }

        // Without the token the upload is refused.
        using (var forged = await browser.PostAsync(new Uri("/plans/extract", UriKind.Relative), new MultipartFormDataContent { { new StringContent(PlanTestApp.Seed("plan-cam-tan-2024.txt")), "text" } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        string review;
        using (var extracted = await browser.PostAsync(new Uri("/plans/extract", UriKind.Relative), new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(PlanTestApp.Seed("plan-cam-tan-2024.txt")), "text" },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, extracted.StatusCode);
            review = await extracted.Content.ReadAsStringAsync();
        }

        Assert.Contains("Xem lại 5 việc tìm thấy", review, StringComparison.Ordinal);
        Assert.Contains("Năm của kế hoạch: 2024", review, StringComparison.Ordinal);
        Assert.Contains("name=\"i5.when\" maxlength=\"20\" value=\"15/11\"", review, StringComparison.Ordinal);
        Assert.Contains("<q>Theo dõi, hướng dẫn, đôn đốc", review, StringComparison.Ordinal);

        // Keep the yearly report (moved to 20/11) and Action Month; drop the rest by leaving their boxes unticked.
        var fields = Hidden().Matches(review).Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Where(f => !f.Key.EndsWith(".keep", StringComparison.Ordinal)).DistinctBy(f => f.Key).ToList();
        fields.AddRange([new("i1.keep", "on"), new("i1.title", "Tháng hành động vì trẻ em"), new("i1.role", "ChildProtection"),
            new("i5.keep", "on"), new("i5.title", "Báo cáo năm gửi UBND huyện"), new("i5.role", "ChildProtection"), new("i5.when", "20/11"),
            new("unit", PlanTestApp.Commune)]);
        for (var i = 2; i <= 4; i++)
        {
            fields.Add(new($"i{i}.role", "ChildProtection"));
        }

        using var accepted = await browser.PostAsync(new Uri("/plans/accept", UriKind.Relative), new FormUrlEncodedContent(fields));
        Assert.True(accepted.StatusCode == HttpStatusCode.SeeOther, await accepted.Content.ReadAsStringAsync());
        Assert.Equal("/plans", accepted.Headers.Location?.AbsolutePath);

        await using var db = _app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
        Assert.Equal(["range 01/06-30/06", "yearly 20/11"], (await db.DeadlineRules.Select(r => r.Recurrence).ToListAsync()).Order());

        using var done = await browser.GetAsync(accepted.Headers.Location);
        Assert.Contains("Đã tạo 2 việc nhắc mới và cập nhật 0 việc cho Xã Hưng Lộc.", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_LetsAQuartersDateBeEdited_AndWarnsOfADateThatHasPassed_BeforeAndAfterAccepting()
    {
        await PlanTestApp.ImportUnitsAsync(_app);
        await PlanTestApp.JoinAsync(_app, Lan, PlanTestApp.Commune);
        using var browser = await PlanTestApp.SignedInAsync(_app, Lan);
        string token;
        using (var page = await browser.GetAsync(new Uri("/plans", UriKind.Relative)))
        {
            token = Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        }

        const string Plan = "KẾ HOẠCH năm 2024\nII. NHIỆM VỤ\n1. Kiểm tra các điểm vui chơi cho trẻ em trong quý III/2024.\n2. Rà soát danh sách trẻ em có hoàn cảnh đặc biệt trước ngày 20/3/2024.";
        string review;
        using (var extracted = await browser.PostAsync(new Uri("/plans/extract", UriKind.Relative), new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(Plan), "text" },
        }))
        {
            review = await extracted.Content.ReadAsStringAsync();
        }

        Assert.Contains("name=\"i1.when\" maxlength=\"20\" value=\"Q3/2024\"", review, StringComparison.Ordinal);
        Assert.Contains("Mục 2: ngày 20/03/2024 đã qua", review, StringComparison.Ordinal);

        // Item 1 moved to the fourth quarter of a year to come (so it is no longer past), item 2 kept as it is.
        var fields = Hidden().Matches(review).Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .DistinctBy(f => f.Key).ToList();
        fields.AddRange([new("i1.keep", "on"), new("i1.title", "Kiểm tra các điểm vui chơi"), new("i1.role", "ChildProtection"), new("i1.when", "Q4/2099"),
            new("i2.keep", "on"), new("i2.title", "Rà soát danh sách"), new("i2.role", "ChildProtection"), new("unit", PlanTestApp.Commune)]);
        using var accepted = await browser.PostAsync(new Uri("/plans/accept", UriKind.Relative), new FormUrlEncodedContent(fields));
        Assert.True(accepted.StatusCode == HttpStatusCode.SeeOther, await accepted.Content.ReadAsStringAsync());

        await using var db = _app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
        Assert.Equal(["once 2024-03-20", "within-quarter 2099-Q4"], (await db.DeadlineRules.Select(r => r.Recurrence).ToListAsync()).Order());
        using var done = await browser.GetAsync(accepted.Headers.Location);
        Assert.Contains("Lưu ý: 1 việc có ngày đã qua nên sẽ không được nhắc.", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"\\s*/?>")]
    private static partial Regex Hidden();
}
