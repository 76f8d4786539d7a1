using ChildCare.Core.Configuration;
using ChildCare.Core.Messaging.Delivery;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Core.Tests.Privacy;

/// <summary>A node whose privacy key is not its database's stops at start, and never replaces a lost key file.</summary>
public sealed class PrivacyKeyGuardTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Providers => [TestDatabase.Sqlite, TestDatabase.Postgres];

    [Fact]
    public void KeyCheck_IsTheSameForTheSameKey_AndDiffersForAnother()
    {
        var key = TestPrivacy.NewKey();

        var first = new Sealer(Inline(key)).KeyCheck();

        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first, new Sealer(Inline(key)).KeyCheck());
        Assert.NotEqual(first, new Sealer(Inline(TestPrivacy.NewKey())).KeyCheck());
        Assert.DoesNotContain(Convert.ToHexStringLower(Convert.FromBase64String(key)), first, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EnsureAsync_RecordsTheKeysCheck_OnANewDatabase_ThenAcceptsTheSameKeyAgain(string provider)
    {
        await using var services = await ServicesAsync(provider);
        var key = Inline(TestPrivacy.NewKey());

        await EnsureAsync(services, key);
        await EnsureAsync(services, key);

        await using var db = Db(services);
        var check = await db.PrivacyKeyChecks.SingleAsync();
        Assert.Equal((PrivacyKeyCheck.SingletonId, new Sealer(key).KeyCheck(), Now), (check.Id, check.KeyCheck, check.CreatedAt));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EnsureAsync_StopsNamingTheSetting_WhenTheKeyIsNotTheOneTheDatabaseRecorded(string provider)
    {
        await using var services = await ServicesAsync(provider);
        await EnsureAsync(services, Inline(TestPrivacy.NewKey()));

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => EnsureAsync(services, Inline(TestPrivacy.NewKey())));

        Assert.Equal(PrivacySettings.KeyKey, error.Key);
        Assert.StartsWith("Configuration error: Privacy:Key is not the key this database's values were sealed with", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EnsureAsync_OpensThePushKey_WhenADatabaseFromBeforeTheCheckHasNone(string provider)
    {
        await using var services = await ServicesAsync(provider);
        var key = Inline(TestPrivacy.NewKey());
        await using (var db = Db(services))
        {
            db.VapidKeys.Add(new VapidKeyRecord { Id = 1, PublicKey = "public", SealedPrivateKey = new Sealer(key).Seal("private", VapidKeyRecord.SealContext), CreatedAt = Now });
            await db.SaveChangesAsync();
        }

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => EnsureAsync(services, Inline(TestPrivacy.NewKey())));
        await using (var db = Db(services))
        {
            Assert.False(await db.PrivacyKeyChecks.AnyAsync());
        }

        await EnsureAsync(services, key);

        Assert.Equal(PrivacySettings.KeyKey, error.Key);
        await using var check = Db(services);
        Assert.Equal(new Sealer(key).KeyCheck(), (await check.PrivacyKeyChecks.SingleAsync()).KeyCheck);
    }

    [Fact]
    public async Task EnsureAsync_StopsWithoutMakingAKeyFile_WhenTheFileIsMissingAndTheDatabaseHoldsSealedValues()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("cc-key-");
        try
        {
            var database = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder.FullName, "childcare.db")}", TimeSpan.FromSeconds(10));
            await using var services = await TestDatabase.ServicesAsync(database, s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));
            var path = Path.Combine(folder.FullName, PrivacySettings.DefaultKeyFileName);
            var made = PrivacySettings.Read(new ConfigurationBuilder().Build(), database, folder.FullName);
            await EnsureAsync(services, made);
            Assert.True(made.MakesKey);
            Assert.True(File.Exists(path));
            File.Delete(path);

            var lost = PrivacySettings.Read(new ConfigurationBuilder().Build(), database, folder.FullName);
            var error = await Assert.ThrowsAsync<ConfigurationException>(() => EnsureAsync(services, lost));

            Assert.Equal(PrivacySettings.KeyFileKey, error.Key);
            Assert.Contains($"(here {path}) does not exist", error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(path));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EnsureAsync_LetsOneOfTwoKeysIn_WhenTwoNodesStartOnANewDatabaseAtOnce(string provider)
    {
        await using var services = await ServicesAsync(provider);
        var keys = new[] { Inline(TestPrivacy.NewKey()), Inline(TestPrivacy.NewKey()) };

        var runs = keys.Select(k => Task.Run(() => EnsureAsync(services, k))).ToArray();
        try
        {
            await Task.WhenAll(runs);
        }
        catch (ConfigurationException)
        {
            // One of them; which one is asserted below.
        }

        Assert.Equal((1, 1), (runs.Count(r => r.IsCompletedSuccessfully), runs.Count(r => r.IsFaulted)));
        Assert.IsType<ConfigurationException>(runs.Single(r => r.IsFaulted).Exception!.InnerException);
        await using var db = Db(services);
        var winner = keys[Array.FindIndex(runs, r => r.IsCompletedSuccessfully)];
        Assert.Equal(new Sealer(winner).KeyCheck(), (await db.PrivacyKeyChecks.SingleAsync()).KeyCheck);
    }

    private static PrivacySettings Inline(string key) =>
        PrivacySettings.Read(
            new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(PrivacySettings.KeyKey, (string?)key)]).Build(),
            new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=unused.db", TimeSpan.FromSeconds(10)),
            AppContext.BaseDirectory);

    private static async Task<ServiceProvider> ServicesAsync(string provider) =>
        await TestDatabase.ServicesAsync(await TestDatabase.CreateAsync(provider, "keyguard"), s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));

    private static ChildCareDbContext Db(ServiceProvider services) => services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();

    private static Task EnsureAsync(ServiceProvider services, PrivacySettings privacy) =>
        PrivacyKeyGuard.EnsureAsync(services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>(), privacy, services.GetRequiredService<TimeProvider>(), CancellationToken.None);
}
