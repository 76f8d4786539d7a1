using ChildCare.Core.Cases;
using ChildCare.Core.Persistence;
using ChildCare.Core.Units;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Core.Tests.Cases;

/// <summary>The help desk's copy of each province's commune names: read once, stale at most a minute, dropped on demand.</summary>
public sealed class CommuneNameCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetAsync_KeepsTheNamesItRead_UntilMaxAge_ThenSeesAUnitImportedMeanwhile()
    {
        await using var host = await StartAsync();
        await host.AddAsync("thanh-hoa/cam-tan", "Xã Cẩm Tân");

        var first = await host.Cache.GetAsync("thanh-hoa", CancellationToken.None);
        await host.AddAsync("thanh-hoa/cam-thuy", "Xã Cẩm Thủy");
        host.Time.Advance(CommuneNameCache.MaxAge - TimeSpan.FromSeconds(1));
        var cached = await host.Cache.GetAsync("thanh-hoa", CancellationToken.None);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var fresh = await host.Cache.GetAsync("thanh-hoa", CancellationToken.None);

        Assert.Equal(["Xã Cẩm Tân"], first);
        Assert.Equal(["Xã Cẩm Tân"], cached);
        Assert.Equal(["Xã Cẩm Tân", "Xã Cẩm Thủy"], fresh);
    }

    [Fact]
    public async Task Forget_MakesTheNextTurnReadTheUnitsAgain_WhenUnitsWereImportedOnThisNode()
    {
        await using var host = await StartAsync();
        await host.AddAsync("thanh-hoa/cam-tan", "Xã Cẩm Tân");
        Assert.Equal(["Xã Cẩm Tân"], await host.Cache.GetAsync("thanh-hoa", CancellationToken.None));
        await host.AddAsync("thanh-hoa/cam-thuy", "Xã Cẩm Thủy");

        host.Cache.Forget();

        Assert.Equal(["Xã Cẩm Tân", "Xã Cẩm Thủy"], await host.Cache.GetAsync("thanh-hoa", CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_KeepsEachProvinceApart()
    {
        await using var host = await StartAsync();
        await host.AddAsync("thanh-hoa/cam-tan", "Xã Cẩm Tân");
        await host.AddAsync("quang-ninh/cam-dong", "Phường Cẩm Đông", UnitKind.Ward);

        Assert.Equal(["Xã Cẩm Tân"], await host.Cache.GetAsync("thanh-hoa", CancellationToken.None));
        Assert.Equal(["Phường Cẩm Đông"], await host.Cache.GetAsync("quang-ninh", CancellationToken.None));
    }

    private static async Task<Host> StartAsync()
    {
        var time = new FakeTimeProvider(Now);
        var services = await TestDatabase.ServicesAsync(await TestDatabase.CreateAsync(TestDatabase.Sqlite, "communes"), s => s.AddSingleton<CommuneNameCache>(), time);
        return new Host(services, time);
    }

    private sealed class Host(ServiceProvider services, FakeTimeProvider time) : IAsyncDisposable
    {
        public FakeTimeProvider Time { get; } = time;

        public CommuneNameCache Cache { get; } = services.GetRequiredService<CommuneNameCache>();

        public async Task AddAsync(string code, string name, UnitKind kind = UnitKind.Commune)
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync();
            db.Units.Add(new Unit { Code = code, NameVi = name, NameEn = name, Kind = kind });
            await db.SaveChangesAsync();
        }

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }
}
