using ChildCare.Bot.Admin;
using ChildCare.Bot.Api;
using ChildCare.Bot.Pages;
using ChildCare.Bot.Pages.Accounts;
using ChildCare.Bot.Pages.Scheduler;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.SignIn;
using ChildCare.Bot.Telegram;
using ChildCare.Bot.WebPush;
using ChildCare.Bot.WebChat;
using ChildCare.Bot.Zalo;
using ChildCare.Core.Calendar;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Scheduler;
using ChildCare.Scheduler.Hosting;
using Microsoft.EntityFrameworkCore;

// The main process: web server, API, Telegram channel and (unless Scheduler:InProcess is false) the
// scheduler. On the embedded default it needs nothing but this repository.
if (args.Contains(AuditCommand.Flag, StringComparer.Ordinal))
{
    return await AuditCommand.RunAsync(args, Console.Out);
}

return await ChildCareHost.RunAsync(async () =>
{
    // The slim builder: no IIS integration, HTTP/3 or hosting start-up assemblies to load on a Linux node; HTTPS
    // endpoints in Kestrel's configuration keep working (UseKestrelHttpsConfiguration).
    var builder = WebApplication.CreateSlimBuilder(args);
    builder.WebHost.UseKestrelHttpsConfiguration();
    ChildCareHost.ConfigureLogging(builder.Logging);
    builder.Services.AddMemoryTrim(builder.Configuration);

    var database = DatabaseSettings.Read(builder.Configuration, builder.Environment.ContentRootPath);
    var scheduler = SchedulerSettings.Read(builder.Configuration);

    builder.Services.AddSingleton(scheduler);
    var admin = AdminSettings.Read(builder.Configuration);
    builder.Services.AddChildCareAuthentication(admin);
    var apiKeys = ApiKeySettings.Read(builder.Configuration);
    builder.Services.AddSingleton(apiKeys);
    var web = WebSettings.Read(builder.Configuration);
    builder.Services.AddSingleton(web);
    var privacy = PrivacySettings.Read(builder.Configuration, database, builder.Environment.ContentRootPath);
    var retention = RetentionSettings.Read(builder.Configuration);
    builder.Services.AddChildCarePersistence(database);
    builder.Services.AddChildCarePrivacy(privacy, retention);
    if (scheduler.InProcess)
    {
        builder.Services.AddChildCareScheduler(database, scheduler, retention, caseClocks: true);
    }
    else
    {
        builder.Services.AddChildCareSchedulerClient(database, scheduler, retention);
    }

    var deadlines = DeadlineSettings.Read(builder.Configuration, embedded: database.Provider == DatabaseProvider.Sqlite);
    builder.Services.AddSingleton(ChildCare.Core.Plans.PlanSettings.Read(builder.Configuration));
    builder.Services.AddChildCareDeadlines(deadlines);
    builder.Services.AddSingleton(MessagingSettings.Read(builder.Configuration));
    builder.Services.AddChildCareOutbox();
    builder.Services.AddChildCareInbox();
    builder.Services.AddChildCareConversations(ConversationSettings.Read(builder.Configuration), privacy);
    builder.Services.AddChildCareCases(CaseSettings.Read(builder.Configuration));
    builder.Services.AddChildCareSignIn();
    builder.Services.AddChildCarePages();
    var webChat = WebChatSettings.Read(builder.Configuration);
    builder.Services.AddChildCareWebChat(webChat);
    var telegram = builder.Services.AddChildCareTelegram(builder.Configuration);
    var zalo = builder.Services.AddChildCareZalo(builder.Configuration);
    builder.Services.AddProblemDetails();
    builder.Services.AddChildCareWebFront(web);
    builder.Services.AddChildCareAccounts(web);
    builder.Services.AddChildCareWebPush(builder.Configuration, web);
    // Enums in API bodies and answers by name ("ChildProtection"), as administrators write them.
    builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
    builder.Services.AddOpenApi(options => options.AddDocumentTransformer<OpenApiDeclarations>());
    DatabaseKeyRing.ReadKeyRingOnFirstUse(builder.Services);

    await using var app = builder.Build();
    var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ChildCare");
    await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
    // Before anything seals or opens a value: a key that is not this database's stops start-up here.
    await PrivacyKeyGuard.EnsureAsync(app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>(), privacy, app.Services.GetRequiredService<TimeProvider>(), app.Lifetime.ApplicationStopping);
    await app.Services.GetRequiredService<VapidKeys>().EnsureAsync(app.Lifetime.ApplicationStopping);
    DataFolderPermissions.Apply(database, privacy, logger);
    await app.Services.GetRequiredService<StoredHolidayScheduleSource>().RefreshAsync(app.Lifetime.ApplicationStopping);
    var demoLoaded = deadlines.LoadDemoData && await app.Services.GetRequiredService<DemoData>().LoadIfEmptyAsync(app.Lifetime.ApplicationStopping);

    app.UseChildCareWebFront(web);
    app.UseChildCareErrorPages();
    app.UseRateLimiter();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseAntiforgery();
    app.MapChildCareHealth();
    app.MapOpenApi();
    app.MapGroup("/api").WithTags("System").MapSystemApi();
    app.MapGroup("/api").WithTags("Calendar").MapCalendarApi();
    app.MapGroup("/api").WithTags("Deadlines").MapDeadlinesApi();
    app.MapGroup("/api").WithTags("Cases").RequireCaseViewer().MapCasesApi();
    app.MapGroup("/api/admin").WithTags("Administration").RequireAdmin().MapAdminApi();
    app.MapGroup("/api/admin").WithTags("Administration").RequireAdmin().MapAccountAdminApi();
    app.MapSignIn();
    app.MapChildCarePages();
    app.MapJobsDashboard();
    app.MapAccounts();
    app.MapWebPush();
    app.MapPlans();
    app.MapTelegramWebhook();
    app.MapZaloWebhook(zalo);
    if (webChat.Enabled)
    {
        app.MapWebChat();
    }

    logger.LogInformation("Database: {Database}", database.Describe());
    var firstAdministrator = await app.Services.GetRequiredService<OfficialSignIn>().IssueFirstAdministratorLinkAsync(app.Lifetime.ApplicationStopping);


    if (scheduler.InProcess)
    {
        logger.LogInformation("Scheduler: on, in this process (Hangfire server {Node}, jobs {Store}); dashboard at {Dashboard} for administrators",
            app.Services.GetRequiredService<ChildCare.Scheduler.Jobs.NodeIdentity>().Name, database.Provider == DatabaseProvider.Postgres ? "in PostgreSQL schema hangfire" : "in memory", JobsDashboard.Path);
    }
    else
    {
        logger.LogInformation("Scheduler: off in this process (Scheduler:InProcess=false); separate Scheduler nodes run the jobs, this one only the case clocks; dashboard at {Dashboard} for administrators", JobsDashboard.Path);
    }

    logger.LogInformation("Deadlines: {Demo}; reminders at {Time} Asia/Ho_Chi_Minh, planned from 1 January to {Days} days ahead",
        demoLoaded ? "demo data of the three seed plans loaded into the empty database"
            : deadlines.LoadDemoData ? "demo data on (Deadlines:LoadDemoData), the database already has units" : "no demo data (Deadlines:LoadDemoData=false)",
        deadlines.ReminderTime, deadlines.PlanningHorizonDays);
    logger.LogInformation("Admin API: {Admin}", admin.Describe());
    logger.LogInformation("Web: public address {PublicBaseUrl}{Https}; {Proxies}",
        web.IsConfigured ? web.PublicBaseUrl.AbsoluteUri : "not set (Web:PublicBaseUrl): links use the address a request came to, else where the server listens",
        web.IsHttps ? " (Secure __Host- cookies, HSTS)" : "", web.DescribeProxies());
    logger.LogInformation("Cases API: {Cases}", apiKeys.Describe());
    foreach (var (key, unit) in await apiKeys.UnknownUnitsAsync(app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>(), app.Lifetime.ApplicationStopping))
    {
        logger.LogWarning("Cases API: the key {Key} names the unit {Unit}, which does not exist (yet); it reads nothing there until the unit is imported", key, unit);
    }
    logger.LogInformation("Help desk: web chat {WebChat}; case details sealed with the {Key}", webChat.Enabled ? "at /chat" : "off (WebChat:Enabled=false)", privacy.Source);
    switch (telegram.Mode)
    {
        case TelegramMode.Off when telegram.BotToken is null:
            logger.LogInformation("Telegram: off, no Telegram:BotToken set");
            break;
        case TelegramMode.Off:
            logger.LogInformation("Telegram: off (Telegram:Mode=Off)");
            break;
        case TelegramMode.Webhook:
            logger.LogInformation("Telegram: on, webhook at {Path} (Telegram:WebhookUrl {Url}), API {Api}", TelegramWebhook.Path, telegram.WebhookUrl, telegram.ApiBaseUrl);
            break;
        default:
            logger.LogInformation("Telegram: on, long polling, API {Api}", telegram.ApiBaseUrl);
            break;
    }

    logger.LogInformation("Zalo: {Zalo}", zalo.Enabled
        ? $"on, OA {zalo.OaId}, webhook at {zalo.WebhookPath}, API {zalo.ApiBaseUrl}, window {zalo.Window.TotalHours} h, ZNS {(zalo.ZnsTemplateId is null ? "off" : "template " + zalo.ZnsTemplateId)}"
        : "off (Zalo:Enabled=false)");

    app.Lifetime.ApplicationStarted.Register(() =>
    {
        // Without Web:PublicBaseUrl, links made outside a request point where Kestrel really listens.
        web.Listening(app.Urls);
        logger.LogInformation("Web: listening on {Urls}; health at {Health}, API description at /openapi/v1.json",
            string.Join(", ", app.Urls), HealthEndpoint.Path);
        if (firstAdministrator is not null)
        {
            // The one way in before anyone has joined: whoever reads this log runs the service. It works once.
            logger.LogWarning("First start: no administrator has signed in yet. Open {Link} within {Minutes} minutes to sign in as the administrator (one use; a restart prints a new link until then)",
                web.Link(SignInEndpoints.PagePath + "/" + firstAdministrator.Token).AbsoluteUri, (int)OfficialSignIn.FirstAdministratorLinkLifetime.TotalMinutes);
        }
    });

    _ = MemoryTrim.BeforeListening(app.Services);
    await app.RunAsync();
});

// Named so integration tests can host the app (WebApplicationFactory<Program>).
public partial class Program;
