using System.Net;
using System.Text.Json;
using ChildCare.Testing;

namespace ChildCare.Bot.Tests.Hosting;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_Returns200WithEachCheck_WhenRunningOnEmbeddedDefault()
    {
        await using var app = new ChildCareAppFactory();
        using var client = app.CreateClient();

        using var response = await UntilHealthyAsync(client, TimeSpan.FromSeconds(30));
        var checks = await ChecksAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["database", "scheduler", "scheduler-cluster"], checks.Keys.Order().ToArray());
        Assert.All(checks.Values, c => Assert.Equal("Healthy", c.GetProperty("status").GetString()));
        Assert.Equal("Sqlite", checks["database"].GetProperty("data").GetProperty("provider").GetString());
        Assert.Equal("False", checks["scheduler-cluster"].GetProperty("data").GetProperty("clustered").GetString());
        Assert.True(File.Exists(app.SqliteFile));
    }

    [Fact]
    public async Task Healthz_ReportsClusteredScheduler_WhenRunningOnPostgres()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("health");
        await using var app = new ChildCareAppFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:ChildCare"] = connectionString,
            ["Privacy:Key"] = TestPrivacy.Key,
        });
        using var client = app.CreateClient();

        // The scheduler starts once the application has started, a moment after the first request may arrive.
        using var response = await UntilHealthyAsync(client, TimeSpan.FromSeconds(30));
        var checks = await ChecksAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Postgres", checks["database"].GetProperty("data").GetProperty("provider").GetString());
        Assert.Equal("True", checks["scheduler-cluster"].GetProperty("data").GetProperty("clustered").GetString());
    }

    [Fact]
    public async Task Healthz_Returns503_WhenTheDatabaseIsGone()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("gone");
        await using var app = new ChildCareAppFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:ChildCare"] = connectionString,
            ["Privacy:Key"] = TestPrivacy.Key,
            ["Scheduler:InProcess"] = "false",
        });
        using var client = app.CreateClient();
        using (var healthy = await client.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        await DropDatabaseAsync(connectionString);
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var checks = await ChecksAsync(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", checks["database"].GetProperty("status").GetString());
        Assert.DoesNotContain("scheduler", checks.Keys);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheApi()
    {
        await using var app = new ChildCareAppFactory(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false" });
        using var client = app.CreateClient();

        var document = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var system = await client.GetStringAsync(new Uri("/api/system", UriKind.Relative));

        using var json = JsonDocument.Parse(document);
        Assert.True(json.RootElement.GetProperty("paths").TryGetProperty("/api/system", out _));
        Assert.Contains("\"scheduler\":\"separate nodes\"", system, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> UntilHealthyAsync(HttpClient client, TimeSpan timeout)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK || started.Elapsed > timeout)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(200);
        }
    }

    private static async Task<Dictionary<string, JsonElement>> ChecksAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.Clone());
    }

    private static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var connection = new Npgsql.NpgsqlConnection(TestPostgres.ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
