using ChildCare.Core.Calendar;
using ChildCare.Core.Configuration;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Scheduler.Hosting;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Scheduler;

// The Scheduler alone, as a worker node of a multi-node deployment: a Hangfire server for the default queue
// (planning, reminders, housekeeping) and GET /healthz on Scheduler:HealthPort for the orchestrator. Nothing else is served.
internal static class SchedulerProgram
{
    public static Task<int> Main(string[] args) => ChildCareHost.RunAsync(async () =>
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        ChildCareHost.ConfigureLogging(builder.Logging);
        // A worker idles between its jobs: it gives back what start-up, a planning run or a purge left, as the Bot does.
        builder.Services.AddMemoryTrim(builder.Configuration);

        var database = DatabaseSettings.Read(builder.Configuration, builder.Environment.ContentRootPath);
        var scheduler = SchedulerSettings.Read(builder.Configuration);
        var host = SettingsReader.Text(builder.Configuration, "Scheduler:HealthHost") ?? "localhost";
        builder.WebHost.UseUrls($"http://{host}:{scheduler.HealthPort}");

        // The privacy key too: reminders are sealed before they are queued, and the purge job runs here.
        var privacy = PrivacySettings.Read(builder.Configuration, database, builder.Environment.ContentRootPath);
        var retention = RetentionSettings.Read(builder.Configuration);
        builder.Services.AddChildCarePersistence(database);
        builder.Services.AddChildCarePrivacy(privacy, retention);
        builder.Services.AddChildCareScheduler(database, scheduler, retention);
        builder.Services.AddChildCareDeadlines(DeadlineSettings.Read(builder.Configuration, embedded: false));

        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ChildCare.Scheduler");
        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
        // Before anything seals or opens a value: a key that is not this database's stops start-up here.
        await PrivacyKeyGuard.EnsureAsync(app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>(), privacy, app.Services.GetRequiredService<TimeProvider>(), app.Lifetime.ApplicationStopping);
        await app.Services.GetRequiredService<StoredHolidayScheduleSource>().RefreshAsync(app.Lifetime.ApplicationStopping);

        app.MapChildCareHealth();
        logger.LogInformation("Database: {Database}", database.Describe());
        logger.LogInformation("Scheduler: on, Hangfire server {Node}{Clustered}", app.Services.GetRequiredService<Jobs.NodeIdentity>().Name, database.Provider == DatabaseProvider.Postgres ? ", jobs in PostgreSQL schema " + Jobs.JobStores.Schema : ", jobs in memory");
        logger.LogInformation("Health: http://{Host}:{Port}{Path}", host, scheduler.HealthPort, HealthEndpoint.Path);
        _ = MemoryTrim.BeforeListening(app.Services);
        await app.RunAsync();
    });
}
