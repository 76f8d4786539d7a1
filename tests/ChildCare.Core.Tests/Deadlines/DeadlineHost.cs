using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Plans;
using ChildCare.Core.Time;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Core.Tests.Deadlines;

/// <summary>
/// A migrated database of its own with the deadline services on a fake clock, and a small plan to import:
/// a province ("tinh") with a commune ("tinh/xa") and a ward ("tinh/phuong").
/// </summary>
internal sealed class DeadlineHost(ServiceProvider services, FakeTimeProvider time, DatabaseSettings database) : IAsyncDisposable
{
    public const string Province = "tinh";
    public const string Commune = "tinh/xa";
    public const string Ward = "tinh/phuong";

    public static readonly IReadOnlyList<PlanFile.UnitEntry> Units =
    [
        new(Province, "Tỉnh Thử", "Test province", "Province", null),
        new(Commune, "Xã Thử", "Test commune", "Commune", Province),
        new(Ward, "Phường Thử", "Test ward", "Ward", Province),
    ];

    public FakeTimeProvider Time { get; } = time;

    public DatabaseSettings Database { get; } = database;

    public DeadlineAdmin Admin => services.GetRequiredService<DeadlineAdmin>();

    public DeadlinePlanner Planner => services.GetRequiredService<DeadlinePlanner>();

    public ReminderService Reminders => services.GetRequiredService<ReminderService>();

    public OfficialDesk Desk => services.GetRequiredService<OfficialDesk>();

    public ReminderDesk ReminderDesk => services.GetRequiredService<ReminderDesk>();

    public OfficialAdmin OfficialAdmin => services.GetRequiredService<OfficialAdmin>();

    public DemoData Demo => services.GetRequiredService<DemoData>();

    public UpcomingQuery Upcoming => services.GetRequiredService<UpcomingQuery>();

    public Core.Plans.PlanImport Plans => services.GetRequiredService<Core.Plans.PlanImport>();

    public Core.Plans.PlanChat PlanChat => services.GetRequiredService<Core.Plans.PlanChat>();

    /// <summary>Imported rules still being planned in the background; <c>IdleAsync</c> waits for them.</summary>
    public RulePlanningBacklog Backlog => services.GetRequiredService<RulePlanningBacklog>();

    /// <summary>The holiday schedules an administrator records (<c>PUT /api/admin/calendar/holidays/{year}</c>).</summary>
    public global::ChildCare.Core.Calendar.StoredHolidayScheduleSource Holidays => services.GetRequiredService<global::ChildCare.Core.Calendar.StoredHolidayScheduleSource>();

    /// <summary>A fresh database on <paramref name="provider"/> with the clock at <paramref name="now"/>.</summary>
    public static async Task<DeadlineHost> StartAsync(string provider, DateTimeOffset now) =>
        await AttachAsync(await TestDatabase.CreateAsync(provider, "deadlines"), now);

    /// <summary>Another node on an existing database, with a clock of its own.</summary>
    public static async Task<DeadlineHost> AttachAsync(DatabaseSettings database, DateTimeOffset now)
    {
        var time = new FakeTimeProvider(now.ToUniversalTime());
        var services = await TestDatabase.ServicesAsync(database, s => s.AddChildCareDeadlines(DeadlineSettings.Default), time);
        return new DeadlineHost(services, time, database);
    }

    /// <summary>The instant of a Vietnamese wall-clock time, in UTC as <see cref="TimeProvider.GetUtcNow"/> gives it.</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) =>
        VietnamTime.At(new DateOnly(year, month, day), new TimeOnly(hour, minute)).ToUniversalTime();

    public static PlanFile.RuleEntry Rule(string code, string recurrence, string unit = Commune, string kind = "Deadline", string role = "ChildProtection", IReadOnlyList<int>? leadDays = null) =>
        new(code, [unit], role, kind, "Báo cáo " + code, "Report " + code, recurrence, leadDays, null, null, null, null);

    public static PlanFile Plan(params PlanFile.RuleEntry[] rules) =>
        new(new PlanFile.PlanInfo("test-plan", "Kế hoạch thử", "Test plan", null, 2026), Units, rules);

    /// <summary>Imports the test units and <paramref name="rules"/>, failing the test on any problem.</summary>
    public async Task ImportAsync(params PlanFile.RuleEntry[] rules)
    {
        var result = await Admin.ImportAsync(Plan(rules), CancellationToken.None);
        Assert.Empty(result.Problems);
    }

    public void SetNow(DateTimeOffset now) => Time.SetUtcNow(now.ToUniversalTime());

    public ChildCareDbContext Db() => services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();

    /// <summary>An official subscribed to <paramref name="unit"/> in <paramref name="role"/> since <paramref name="since"/> (default: now).</summary>
    public async Task<Official> SubscribeAsync(long chatId, string unit, OfficialRole role, Language language = Language.Vi, DateTimeOffset? since = null, string? name = null)
    {
        await using var db = Db();
        var official = await db.Officials.Include(o => o.Subscriptions).SingleOrDefaultAsync(o => o.ChatId == chatId);
        if (official is null)
        {
            official = new Official { Channel = OutboxMessage.TelegramChannel, ChatId = chatId, Language = language, DisplayName = name, JoinedAt = since ?? Time.GetUtcNow() };
            db.Officials.Add(official);
        }

        var unitId = await db.Units.Where(u => u.Code == unit).Select(u => u.Id).SingleAsync();
        official.Subscriptions.Add(new Subscription { UnitId = unitId, Role = role, Since = since ?? Time.GetUtcNow() });
        await db.SaveChangesAsync();
        return official;
    }

    public static ChatPerson Person(long chatId, Language language = Language.Vi, string? name = null) =>
        new(OutboxMessage.TelegramChannel, chatId, language, name);

    /// <summary>The only occurrence of the rule <paramref name="code"/> on <paramref name="due"/>.</summary>
    public async Task<Occurrence> OccurrenceAsync(string code, DateOnly due)
    {
        await using var db = Db();
        return await db.Occurrences.AsNoTracking().SingleAsync(o => o.Rule!.Code == code && o.DueDate == due);
    }

    public async Task<List<Reminder>> RemindersAsync()
    {
        await using var db = Db();
        return await db.Reminders.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    /// <summary>The reminder messages in the outbox, oldest first, their texts opened.</summary>
    public async Task<List<OutboxMessage>> OutboxAsync(string purpose = "reminder")
    {
        await using var db = Db();
        var sealer = services.GetRequiredService<ChildCare.Core.Privacy.Sealer>();
        var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.Purpose == purpose).OrderBy(m => m.Id).ToListAsync();
        return [.. rows.Select(m => m.Opened(sealer))];
    }

    /// <summary>What the Scheduler does every run: materialise, then dispatch.</summary>
    public async Task<int> RunRemindersAsync()
    {
        await Reminders.MaterialiseAsync(CancellationToken.None);
        return await Reminders.DispatchDueAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
