using System.Diagnostics;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Core.Units;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Benchmarks;

/// <summary>
/// The case queue under a backlog: N open cases spread over communes, filed through the real intake (routing
/// included), then the watcher's rounds: the first alerts every case, an idle one finds nothing to do, and one
/// eleven hours later warns of every high-risk clock. Prints the time of each and the alerts sent.
/// </summary>
internal static class CaseWatchBenchmark
{
    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var count = arguments.Number("cases", 2000, 1, 100_000);
        var communes = arguments.Number("communes", 100, 1, 10_000);
        var postgres = arguments.Flag("postgres");
        arguments.ThrowIfUnknown();

        await using var database = postgres ? await BenchDatabase.PostgresAsync() : BenchDatabase.Sqlite();
        var settings = new DatabaseSettings(postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, database.ConnectionString, TimeSpan.FromSeconds(30));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        await using var services = await TestDatabase.ServicesAsync(settings, s => s
            .AddChildCareConversations(ConversationSettings.Default with { MaxReportsPerHour = 100 }, PrivacySettings.Ephemeral())
            .AddChildCareCases(CaseSettings.Default), time);
        await SeedUnitsAsync(services, communes, time.GetUtcNow());

        var intake = services.GetRequiredService<CaseIntake>();
        var filing = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await intake.FileAsync(Draft(i, communes, time.GetUtcNow()), "bench", i, ct));
        filing.Stop();

        var watch = services.GetRequiredService<CaseWatch>();
        var (first, firstAlerts) = await RoundAsync(watch);
        var (idle, idleAlerts) = await RoundAsync(watch);
        time.Advance(TimeSpan.FromHours(11));
        var (later, laterAlerts) = await RoundAsync(watch);

        var report = new Report("case-watch: the case queue's watcher over a backlog of open cases");
        report.Setting($"{count:N0} cases over {communes:N0} communes (a third reported as danger now), each commune with a case worker and a supervisor; {database.Describe()}");
        report.Row("filing (intake, routing)", $"{count / filing.Elapsed.TotalSeconds:N0} cases/s", $"{filing.Elapsed.TotalSeconds:N1} s, 8 at a time");
        report.Row("first round", $"{first.TotalMilliseconds:N0} ms", $"{firstAlerts:N0} alerts (one new-case alert per case)");
        report.Row("idle round", $"{idle.TotalMilliseconds:N0} ms", $"{idleAlerts:N0} alerts");
        report.Row("round 11 h later", $"{later.TotalMilliseconds:N0} ms", $"{laterAlerts:N0} alerts (escalations and emergency warnings)");
        report.Row("peak working set", $"{Report.Megabytes(Report.PeakWorkingSet(Process.GetCurrentProcess()))}");
        report.Print();
        return 0;
    }

    private static async Task<(TimeSpan Elapsed, int Alerts)> RoundAsync(CaseWatch watch)
    {
        var clock = Stopwatch.StartNew();
        var alerts = await watch.RunOnceAsync(CancellationToken.None);
        return (clock.Elapsed, alerts);
    }

    private static async Task SeedUnitsAsync(ServiceProvider services, int communes, DateTimeOffset now)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync();
        var province = new Unit { Code = "thanh-hoa", NameVi = "Tỉnh Thanh Hóa", NameEn = "Thanh Hoa", Kind = UnitKind.Province };
        db.Units.Add(province);
        await db.SaveChangesAsync();
        for (var i = 0; i < communes; i++)
        {
            var commune = new Unit { Code = $"thanh-hoa/xa-{i}", NameVi = $"Xã Thử {i}", NameEn = $"Test {i}", Kind = UnitKind.Commune, ParentId = province.Id };
            db.Units.Add(commune);
            await db.SaveChangesAsync();
            foreach (var role in new[] { OfficialRole.ChildProtection, OfficialRole.Supervisor })
            {
                var official = new Official { Channel = "telegram", ChatId = (i * 10) + (int)role + 1, Language = Language.Vi, JoinedAt = now };
                official.Subscriptions.Add(new Subscription { UnitId = commune.Id, Role = role, Since = now });
                db.Officials.Add(official);
            }
        }

        await db.SaveChangesAsync();
    }

    private static ReportDraft Draft(int i, int communes, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        StartedAt = now,
        DangerNow = i % 3 == 0,
        ProvinceCode = "thanh-hoa",
        ProvinceAnswered = true,
        Commune = $"xa thu {i % communes}",
        AgeBand = AgeBand.From6To10,
        ChildSex = ChildSex.Girl,
        Category = CaseCategory.Neglect,
        Description = "chau o nha mot minh nhieu ngay",
        Suspect = SuspectRelation.Unknown,
        Anonymous = true,
    };
}
