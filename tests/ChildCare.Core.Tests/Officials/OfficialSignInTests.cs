using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Units;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Core.Tests.Officials;

/// <summary>Sign-in links and sessions on both providers, with the clock in the test's hand.</summary>
public sealed class OfficialSignInTests
{
    private const long OfficialChat = 42;
    private const long FormerOfficialChat = 43;

    public static TheoryData<string> Providers => [TestDatabase.Sqlite, TestDatabase.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Link_WorksOnceWithinTenMinutes_AndStartsATwelveHourSession(string provider)
    {
        var (services, time) = await StartAsync(provider);
        await using var _ = services;
        var signIn = services.GetRequiredService<OfficialSignIn>();

        var link = (await signIn.IssueLinkAsync("telegram", OfficialChat, CancellationToken.None))!;
        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        var session = await signIn.RedeemLinkAsync(link.Token, CancellationToken.None);
        var again = await signIn.RedeemLinkAsync(link.Token, CancellationToken.None);

        Assert.NotNull(session);
        Assert.Null(again);
        Assert.NotEqual(link.Token, session.Token);
        Assert.Equal(link.OfficialId, session.OfficialId);
        Assert.Null(await signIn.RedeemLinkAsync(session.Token, CancellationToken.None));
        Assert.Null(await signIn.OfficialForSessionAsync(link.Token, CancellationToken.None));
        time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.Equal(link.OfficialId, await signIn.OfficialForSessionAsync(session.Token, CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await signIn.OfficialForSessionAsync(session.Token, CancellationToken.None));

        await using var db = Db(services);
        var rows = await db.OfficialSessions.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
        Assert.Equal([OfficialSessionKind.LoginLink, OfficialSessionKind.Session], rows.Select(r => r.Kind));
        Assert.Equal([OfficialSession.Hash(link.Token), OfficialSession.Hash(session.Token)], rows.Select(r => r.TokenHash));
        Assert.All(rows, r => Assert.Equal(64, r.TokenHash.Length));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Link_IsRefused_OnceTenMinutesHavePassed(string provider)
    {
        var (services, time) = await StartAsync(provider);
        await using var _ = services;
        var signIn = services.GetRequiredService<OfficialSignIn>();

        var link = (await signIn.IssueLinkAsync("telegram", OfficialChat, CancellationToken.None))!;
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Null(await signIn.RedeemLinkAsync(link.Token, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Link_OpensOneSession_WhenOpenedManyTimesAtOnce(string provider)
    {
        var (services, _) = await StartAsync(provider);
        await using var __ = services;
        var signIn = services.GetRequiredService<OfficialSignIn>();
        var link = (await signIn.IssueLinkAsync("telegram", OfficialChat, CancellationToken.None))!;

        var opened = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => signIn.RedeemLinkAsync(link.Token, CancellationToken.None))));

        Assert.Single(opened, s => s is not null);
        await using var db = Db(services);
        Assert.Equal(1, await db.OfficialSessions.CountAsync(s => s.Kind == OfficialSessionKind.Session));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task IssueLink_KeepsTheEarlierLinkUntilOneIsOpened_AndRefusesChatsOfNoOfficial(string provider)
    {
        var (services, _) = await StartAsync(provider);
        await using var __ = services;
        var signIn = services.GetRequiredService<OfficialSignIn>();

        // Asked twice (or one request handled twice after a failure): the link the official was sent first still works...
        var first = (await signIn.IssueLinkAsync("telegram", OfficialChat, CancellationToken.None))!;
        var second = (await signIn.IssueLinkAsync("telegram", OfficialChat, CancellationToken.None))!;
        Assert.NotNull(await signIn.RedeemLinkAsync(first.Token, CancellationToken.None));

        // ... and opening it ends every other unused one.
        Assert.Null(await signIn.RedeemLinkAsync(second.Token, CancellationToken.None));
        var third = (await signIn.IssueLinkAsync("telegram", OfficialChat, CancellationToken.None))!;
        Assert.NotNull(await signIn.RedeemLinkAsync(third.Token, CancellationToken.None));
        Assert.Null(await signIn.IssueLinkAsync("telegram", FormerOfficialChat, CancellationToken.None));
        Assert.Null(await signIn.IssueLinkAsync("telegram", 999, CancellationToken.None));
        Assert.Null(await signIn.IssueLinkAsync("web", OfficialChat, CancellationToken.None));
        Assert.Null(await signIn.RedeemLinkAsync("not a token", CancellationToken.None));
        Assert.Null(await signIn.RedeemLinkAsync(null, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EndSession_EndsItNow_AndOldRowsAreForgottenAfterThirtyDays(string provider)
    {
        var (services, time) = await StartAsync(provider);
        await using var _ = services;
        var signIn = services.GetRequiredService<OfficialSignIn>();
        var link = (await signIn.IssueLinkAsync("telegram", OfficialChat, CancellationToken.None))!;
        var session = (await signIn.RedeemLinkAsync(link.Token, CancellationToken.None))!;

        Assert.True(await signIn.EndSessionAsync(session.Token, CancellationToken.None));
        Assert.False(await signIn.EndSessionAsync(session.Token, CancellationToken.None));
        Assert.Null(await signIn.OfficialForSessionAsync(session.Token, CancellationToken.None));

        // Thirty days after they ended, the link and the session are deleted when the next link is made.
        time.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(11));
        await signIn.IssueLinkAsync("telegram", OfficialChat, CancellationToken.None);
        await using var db = Db(services);
        Assert.Equal([OfficialSessionKind.LoginLink], await db.OfficialSessions.Select(s => s.Kind).ToListAsync());
    }

    private static async Task<(ServiceProvider Services, FakeTimeProvider Time)> StartAsync(string provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
        var services = await TestDatabase.ServicesAsync(await TestDatabase.CreateAsync(provider, "signin"), s => s.AddChildCareSignIn(), time);
        await using var db = Db(services);
        var unit = new Unit { Code = "tinh/xa", NameVi = "Xã Thử", NameEn = "Test commune", Kind = UnitKind.Commune };
        db.Units.Add(unit);
        var official = new Official { Channel = "telegram", ChatId = OfficialChat, JoinedAt = time.GetUtcNow() };
        official.Subscriptions.Add(new Subscription { Unit = unit, Role = OfficialRole.ChildProtection, Since = time.GetUtcNow() });
        db.Officials.Add(official);
        db.Officials.Add(new Official { Channel = "telegram", ChatId = FormerOfficialChat, JoinedAt = time.GetUtcNow() });
        await db.SaveChangesAsync();
        return (services, time);
    }

    private static ChildCareDbContext Db(ServiceProvider services) =>
        services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
}
