using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ChildCare.Bot.Tests.Api;

public sealed class CalendarApiTests : IDisposable
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"childcare-calendar-api-{Guid.NewGuid():N}.db");
    private readonly WebApplicationFactory<Program> _factory;
    private readonly HttpClient _client;

    public CalendarApiTests()
    {
        // Own database file and no scheduler, so this test shares nothing with other test runs.
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseSetting("ConnectionStrings:ChildCare", $"Data Source={_databasePath}")
            .UseSetting("Scheduler:InProcess", "false"));
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A pooled SQLite handle may still hold the file; it is a uniquely named temp file.
            }
        }
    }

    [Fact]
    public async Task GetLunar_ReturnsMidAutumn_WhenDateIs20251006()
    {
        var response = await _client.GetAsync(new Uri("/api/calendar/lunar?date=2025-10-06", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"day":15,"month":8,"year":2025,"isLeapMonth":false}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetSolar_ReturnsDate_WhenLunarDateExists()
    {
        var response = await _client.GetAsync(new Uri("/api/calendar/solar?year=2025&month=8&day=15&leap=false", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"date":"2025-10-06"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetSolar_ReturnsLeapMonthDate_WhenLeapIsTrue()
    {
        var response = await _client.GetAsync(new Uri("/api/calendar/solar?year=2025&month=6&day=1&leap=true", UriKind.Relative));

        Assert.Equal("""{"date":"2025-07-25"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/calendar/lunar?date=2025-13-01", "'date'")]
    [InlineData("/api/calendar/lunar", "'date'")]
    [InlineData("/api/calendar/lunar?date=1899-12-31", "'date'")]
    [InlineData("/api/calendar/solar?year=2024&month=12&day=30", "'day'")] // Chạp Giáp Thìn has 29 days
    [InlineData("/api/calendar/solar?year=2024&month=6&day=1&leap=true", "'leap'")] // 2024 has no leap month
    [InlineData("/api/calendar/solar?year=2101&month=1&day=1", "'year'")]
    [InlineData("/api/calendar/solar?year=2025&month=x&day=1", "'month'")]
    [InlineData("/api/calendar/solar?year=2025&month=1&day=1&leap=maybe", "'leap'")]
    [InlineData("/api/calendar/holidays?year=abc", "'year'")]
    [InlineData("/api/calendar/holidays?year=2101", "'year'")]
    public async Task Get_ReturnsProblemNamingParameter_WhenInputIsInvalid(string url, string parameter)
    {
        var response = await _client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = problem.RootElement.GetProperty("detail").GetString();
        Assert.NotNull(detail);
        Assert.Contains(parameter, detail, StringComparison.Ordinal);
        Assert.EndsWith(".", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHolidays_ListsOfficialTetAndDefaultHolidays_For2026()
    {
        var response = await _client.GetAsync(new Uri("/api/calendar/holidays?year=2026", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var days = body.RootElement.EnumerateArray()
            .Select(e => (
                Date: e.GetProperty("date").GetString(),
                NameVi: e.GetProperty("nameVi").GetString(),
                NameEn: e.GetProperty("nameEn").GetString(),
                Kind: e.GetProperty("kind").GetString()))
            .ToList();
        Assert.Contains(("2026-02-17", "Tết Nguyên đán", "Lunar New Year (Tết)", "law"), days);
        Assert.Contains(("2026-04-27", "Nghỉ bù Giỗ Tổ Hùng Vương", "Compensatory day off for Hung Kings' Commemoration Day", "compensatory"), days);
        Assert.Contains(("2026-09-02", "Quốc khánh", "National Day", "law"), days);
        Assert.DoesNotContain(days, d => d.Date == "2026-02-23");
    }

    [Fact]
    public async Task OpenApi_DescribesCalendarEndpoints()
    {
        var document = await _client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Contains("\"GetLunarDate\"", document, StringComparison.Ordinal);
        Assert.Contains("\"GetSolarDate\"", document, StringComparison.Ordinal);
        Assert.Contains("\"GetHolidays\"", document, StringComparison.Ordinal);
        Assert.Contains("/api/calendar/holidays", document, StringComparison.Ordinal);
    }
}
