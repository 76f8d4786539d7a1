using ChildCare.Bot.Zalo;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.FakeZalo;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Zalo;

/// <summary>The OA token: stored sealed, refreshed once however many nodes find it expired at the same moment.</summary>
public sealed class ZaloTokensTests
{
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Refresh_SpendsTheRefreshTokenOnce_WhenTwoNodesRaceOnAnExpiredToken(string provider)
    {
        await using var fake = await FakeZaloServer.StartAsync();
        var database = await TestDatabase.CreateAsync(provider, "zalo-tokens");
        await using var first = await NodeAsync(fake, database);
        await using var second = await NodeAsync(fake, database);
        var (configured, version) = await first.GetRequiredService<ZaloTokens>().AccessTokenAsync(CancellationToken.None);
        Assert.Equal(fake.AccessToken, configured);
        fake.ExpireAccessToken();

        // Both nodes were refused the same token and refresh at once, several sends each.
        using var start = new Barrier(6);
        var racers = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var tokens = (i % 2 == 0 ? first : second).GetRequiredService<ZaloTokens>();
            start.SignalAndWait();
            return await tokens.RefreshAsync(version, CancellationToken.None);
        })).ToList();
        var fresh = await Task.WhenAll(racers);

        Assert.Equal(1, fake.Refreshes);
        Assert.Equal(0, fake.RefreshesRefused);
        Assert.All(fresh, token => Assert.Equal(fake.AccessToken, token));
        Assert.NotEqual(configured, fake.AccessToken);

        // Stored sealed: neither token is in the row in clear.
        await using var db = await first.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync();
        var row = await db.ChannelCredentials.SingleAsync();
        Assert.Equal(version + 1, row.Version);
        Assert.DoesNotContain(fake.AccessToken, System.Text.Encoding.UTF8.GetString(row.SealedAccessToken), StringComparison.Ordinal);
        Assert.Null(row.LeaseOwner);
    }

    [Fact]
    public async Task AccessToken_IsRefreshedBeforeItExpires_AndTheNewPairSurvivesARestart()
    {
        await using var fake = await FakeZaloServer.StartAsync(new FakeZaloOptions { AccessTokenLifetime = TimeSpan.FromMinutes(5) });
        var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, "zalo-tokens");
        string refreshed;
        await using (var node = await NodeAsync(fake, database))
        {
            // Five minutes left, refreshed ten before the end: due now.
            (refreshed, _) = await node.GetRequiredService<ZaloTokens>().AccessTokenAsync(CancellationToken.None);
        }

        Assert.Equal(1, fake.Refreshes);
        Assert.Equal(fake.AccessToken, refreshed);
        await using var restarted = await NodeAsync(fake, database);
        var (token, _) = await restarted.GetRequiredService<ZaloTokens>().AccessTokenAsync(CancellationToken.None);
        // The configured pair is spent: the restarted node uses the stored one.
        Assert.Equal(fake.AccessToken, token);
        Assert.Equal(0, fake.RefreshesRefused);
    }

    private static async Task<ServiceProvider> NodeAsync(FakeZaloServer fake, DatabaseSettings database)
    {
        var values = fake.Settings();
        values[PrivacySettings.KeyKey] = TestPrivacy.Key;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var settings = ZaloSettings.Read(configuration);
        var privacy = PrivacySettings.Read(configuration, database, AppContext.BaseDirectory);
        return await TestDatabase.ServicesAsync(database, services =>
        {
            services.AddChildCarePrivacy(privacy);
            services.AddSingleton(settings);
            services.AddHttpClient<ZaloApiClient>();
            services.AddSingleton<ZaloTokens>();
        });
    }
}
