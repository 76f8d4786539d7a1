using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChildCare.Core.Persistence;
using ChildCare.Core.Plans;
using ChildCare.Testing.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Plans;

/// <summary>/api/plans over HTTP: signed-in officials only, text or files up to 2 MB, accepted items become rules of their unit.</summary>
public sealed class PlansApiTests : IAsyncDisposable
{
    private const long Lan = 9101;
    private readonly ChildCareAppFactory _app = new(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Extract_NeedsASignedInOfficialWithAUnit()
    {
        await PlanTestApp.ImportUnitsAsync(_app);
        using var anonymous = _app.CreateClient();
        using (var refused = await anonymous.PostAsync(new Uri("/api/plans/extract", UriKind.Relative), new StringContent("Báo cáo năm trước ngày 15/11.")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        // A viewer (joined here directly: joining as a viewer in chat has no role name to say yet).
        await using (var db = _app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext())
        {
            var unit = await db.Units.SingleAsync(u => u.Code == PlanTestApp.Commune);
            db.Officials.Add(new Core.Officials.Official { Channel = "telegram", ChatId = Lan, JoinedAt = TimeProvider.System.GetUtcNow(), Subscriptions = { new Core.Officials.Subscription { UnitId = unit.Id, Role = Core.Officials.OfficialRole.Viewer } } });
            await db.SaveChangesAsync();
        }

        using var viewer = await PlanTestApp.SignedInAsync(_app, Lan);
        using var forbidden = await viewer.PostAsync(new Uri("/api/plans/extract", UriKind.Relative), new StringContent("Báo cáo năm trước ngày 15/11."));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Extract_ReadsTextPlain_AFormsDocx_AndADocxBody_AsCamelCaseItems()
    {
        using var browser = await OfficialAsync();
        using var text = await browser.PostAsync(new Uri("/api/plans/extract", UriKind.Relative), new StringContent(PlanTestApp.Seed("plan-cam-tan-2024.txt"), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        var json = await text.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2024, json.GetProperty("year").GetInt32());
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(5, items.Count);
        var month = items[0];
        Assert.Equal(("Period", "range 01/06-30/06", 6, 1, 6, 30), (month.GetProperty("kind").GetString(), month.GetProperty("recurrence").GetString(),
            month.GetProperty("month").GetInt32(), month.GetProperty("day").GetInt32(), month.GetProperty("endMonth").GetInt32(), month.GetProperty("endDay").GetInt32()));
        Assert.Equal(("Event", "ChildProtection"), (month.GetProperty("ruleKind").GetString(), month.GetProperty("role").GetString()));
        Assert.Contains("tháng hành động vì trẻ em hàng năm", month.GetProperty("sourceText").GetString(), StringComparison.Ordinal);
        Assert.True(items[2].GetProperty("lunar").GetBoolean());
        Assert.Equal(("Report", 11, 15), (items[4].GetProperty("kind").GetString(), items[4].GetProperty("month").GetInt32(), items[4].GetProperty("day").GetInt32()));

        var docx = TestDocx.Of(TestDocx.Paragraph("KẾ HOẠCH năm 2026"), TestDocx.Paragraph("Báo cáo tổng kết năm chậm nhất ngày 10/12/2026 gửi UBND huyện."));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(docx) { Headers = { ContentType = new MediaTypeHeaderValue(PlanDocument.DocxContentType) } }, "file", "ke-hoach.docx" } };
        using var upload = await browser.PostAsync(new Uri("/api/plans/extract", UriKind.Relative), form);
        var uploaded = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal("yearly 10/12", uploaded.GetProperty("items")[0].GetProperty("recurrence").GetString());

        using var raw = new ByteArrayContent(docx) { Headers = { ContentType = new MediaTypeHeaderValue(PlanDocument.DocxContentType) } };
        using var body = await browser.PostAsync(new Uri("/api/plans/extract", UriKind.Relative), raw);
        Assert.Equal("Báo cáo năm gửi UBND huyện", (await body.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Extract_Answers413_AbovetwoMegabytes_And400_ForNothingOrAnotherFile()
    {
        using var browser = await OfficialAsync();
        using var large = await browser.PostAsync(new Uri("/api/plans/extract", UriKind.Relative), new ByteArrayContent(new byte[PlanDocument.MaxBytes + 1]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("larger than 2 MB", await large.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var empty = await browser.PostAsync(new Uri("/api/plans/extract", UriKind.Relative), new StringContent(""));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        using var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.7"u8.ToArray()), "file", "ke-hoach.pdf" } };
        using var pdf = await browser.PostAsync(new Uri("/api/plans/extract", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.BadRequest, pdf.StatusCode);
        Assert.Contains(".docx", await pdf.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_MakesRulesOfTheOfficialsUnit_PlannedAtOnce_AndRefusesAnotherUnit()
    {
        using var browser = await OfficialAsync();
        using var extracted = await browser.PostAsync(new Uri("/api/plans/extract", UriKind.Relative), new StringContent(PlanTestApp.Seed("plan-son-tay-2025.txt")));
        var plan = await extracted.Content.ReadFromJsonAsync<JsonElement>();
        var items = plan.GetProperty("items").EnumerateArray().ToList();

        using var other = await browser.PostAsJsonAsync("/api/plans/accept", new { unit = PlanTestApp.OtherCommune, year = 2025, items });
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);

        using var accepted = await browser.PostAsJsonAsync("/api/plans/accept", new { unit = PlanTestApp.Commune, year = 2025, title = plan.GetProperty("title").GetString(), items });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var result = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(8, result.GetProperty("rulesAdded").GetInt32());

        await _app.Services.GetRequiredService<Core.Deadlines.RulePlanningBacklog>().IdleAsync(CancellationToken.None);
        await using var db = _app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
        var rules = await db.DeadlineRules.Where(r => r.Unit!.Code == PlanTestApp.Commune).Select(r => r.Recurrence).ToListAsync();
        Assert.Equal(["lunar-yearly 15/08", "range 01/06-30/06", "yearly 15/05", "yearly 15/11"], rules.Distinct().Order());
        Assert.True(await db.Occurrences.AnyAsync(o => o.Rule!.Recurrence == "yearly 15/11" && o.Rule.Unit!.Code == PlanTestApp.Commune));
        Assert.All(await db.EventThemes.ToListAsync(), t => Assert.Equal((2025, "Ưu tiên nguồn lực hoàn thành các mục tiêu vì trẻ em"), (t.Year, t.ThemeVi)));
        Assert.Equal(2, await db.EventThemes.CountAsync());

        using var broken = await browser.PostAsJsonAsync("/api/plans/accept", new { unit = PlanTestApp.Commune, items = new[] { new { kind = "Report", title = "x", recurrence = "yearly 31/02", role = "ChildProtection", sourceText = "x" } } });
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
    }

    [Theory]
    [InlineData("not json", "not JSON of the expected shape")]
    [InlineData("""{"unit": "x", "items": {"kind": "Report"}}""", "not JSON of the expected shape")]
    [InlineData("null", "empty or null")]
    public async Task Accept_SaysWhatIsWrong_WithABodyThatIsNotAnAccept(string body, string problem)
    {
        using var browser = await OfficialAsync();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var answer = await browser.PostAsync(new Uri("/api/plans/accept", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var said = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("plan")[0].GetString();
        Assert.Contains(problem, said, StringComparison.Ordinal);
        Assert.Contains("\"sourceText\"", said, StringComparison.Ordinal);
        await using var db = _app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
        Assert.Equal(0, await db.DeadlineRules.CountAsync());
    }

    [Fact]
    public async Task Accept_Answers413_AboveTheItemCapOrTheBodyLimit_AndSavesNothing()
    {
        using var browser = await OfficialAsync();
        var max = PlanSettings.Default.MaxAcceptItems;
        var weekly = Enumerable.Range(0, max + 1).Select(i => new { kind = "Recurring", title = $"Việc {i}", recurrence = "weekly fri", role = "ChildProtection", sourceText = "x" }).ToList();

        using var many = await browser.PostAsJsonAsync("/api/plans/accept", new { unit = PlanTestApp.Commune, items = weekly });
        using var huge = await browser.PostAsJsonAsync("/api/plans/accept", new { unit = PlanTestApp.Commune, items = weekly.Take(2).Select(w => w with { sourceText = new string('x', ChildCare.Bot.Api.PlansApi.MaxAcceptBytes) }) });
        using var fits = await browser.PostAsJsonAsync("/api/plans/accept", new { unit = PlanTestApp.Commune, items = weekly.Take(max) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, many.StatusCode);
        Assert.Contains($"At most {max} items", (await many.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        Assert.Equal(max, (await fits.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rulesAdded").GetInt32());
        await using var db = _app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
        Assert.Equal(max, await db.DeadlineRules.CountAsync());
    }

    [Fact]
    public async Task Accept_AnswersBeforeTheOccurrencesArePlanned_WhichFollowInTheBackground()
    {
        using var browser = await OfficialAsync();
        var weekly = Enumerable.Range(0, 150).Select(i => new { kind = "Recurring", title = $"Việc {i}", recurrence = "weekly fri", role = "ChildProtection", sourceText = "x" });

        using var accepted = await browser.PostAsJsonAsync("/api/plans/accept", new { unit = PlanTestApp.Commune, items = weekly });
        var backlog = _app.Services.GetRequiredService<Core.Deadlines.RulePlanningBacklog>();
        await backlog.IdleAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(0, backlog.Pending);
        await using var db = _app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
        // Every rule planned: about 57 Fridays each over the 400-day horizon.
        Assert.Equal(150, await db.Occurrences.Select(o => o.RuleId).Distinct().CountAsync());
        Assert.True(await db.Occurrences.CountAsync() >= 150 * 50);
    }

    [Fact]
    public async Task AcceptAndExtract_WarnOfDatesThatHavePassed_InBothLanguages()
    {
        using var browser = await OfficialAsync();
        var items = new[]
        {
            new { kind = "Deadline", title = "Rà soát", recurrence = "once 2024-03-20", role = "ChildProtection", sourceText = "Rà soát trước ngày 20/3/2024." },
            new { kind = "Report", title = "Báo cáo năm", recurrence = "yearly 15/11", role = "ChildProtection", sourceText = "Báo cáo năm trước ngày 15/11." },
        };

        using var accepted = await browser.PostAsJsonAsync("/api/plans/accept", new { unit = PlanTestApp.Commune, items });
        using var extracted = await browser.PostAsync(new Uri("/api/plans/extract", UriKind.Relative), new StringContent("KẾ HOẠCH năm 2024\nII. NHIỆM VỤ\n1. Rà soát danh sách trẻ em trước ngày 20/3/2024."));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var warning = Assert.Single((await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings").EnumerateArray());
        Assert.Equal((1, "2024-03-20"), (warning.GetProperty("item").GetInt32(), warning.GetProperty("date").GetString()));
        Assert.Contains("20/03/2024 đã qua", warning.GetProperty("vi").GetString(), StringComparison.Ordinal);
        Assert.Contains("20/03/2024 has passed", warning.GetProperty("en").GetString(), StringComparison.Ordinal);
        Assert.Single((await extracted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task Extract_Answers429_PastThePlansPerMinuteOfOneOfficial()
    {
        using var browser = await OfficialAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= PlanSettings.Default.ExtractionsPerMinute; i++)
        {
            using var extracted = await browser.PostAsync(new Uri("/api/plans/extract", UriKind.Relative), new StringContent("Báo cáo năm trước ngày 15/11."));
            statuses.Add(extracted.StatusCode);
        }

        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    private async Task<HttpClient> OfficialAsync()
    {
        await PlanTestApp.ImportUnitsAsync(_app);
        await PlanTestApp.JoinAsync(_app, Lan, PlanTestApp.Commune);
        return await PlanTestApp.SignedInAsync(_app, Lan);
    }
}
