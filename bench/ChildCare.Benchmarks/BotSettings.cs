using System.Globalization;
using ChildCare.Core.Messaging;
using ChildCare.FakeTelegram;

namespace ChildCare.Benchmarks;

/// <summary>The Bot's settings for a run: Telegram by webhook against the fake, the run's database and rate limit.</summary>
internal static class BotSettings
{
    public const string WebhookSecret = "bench_webhook-secret";

    /// <summary>
    /// Webhook mode, so nothing long-polls the fake during the run. The scheduler is off in the Bot: its
    /// jobs are not part of what is measured. Only warnings and errors are logged; the report counts them.
    /// </summary>
    public static Dictionary<string, string?> For(FakeTelegramServer fake, BenchDatabase database, Uri webhookUrl, int globalPerSecond, int maxConcurrentSends) => new()
    {
        ["Telegram:BotToken"] = fake.Token,
        ["Telegram:ApiBaseUrl"] = fake.BaseUrl.AbsoluteUri,
        ["Telegram:Mode"] = "Webhook",
        ["Telegram:WebhookUrl"] = webhookUrl.AbsoluteUri,
        ["Telegram:WebhookSecret"] = WebhookSecret,
        ["Scheduler:InProcess"] = "false",
        [MessagingSettings.GlobalPerSecondKey] = globalPerSecond.ToString(CultureInfo.InvariantCulture),
        [MessagingSettings.MaxConcurrentSendsKey] = maxConcurrentSends.ToString(CultureInfo.InvariantCulture),
        ["Database:Provider"] = database.Provider,
        ["ConnectionStrings:ChildCare"] = database.ConnectionString,
        ["Logging:LogLevel:Default"] = "Warning",
        // EF Core logs its probe of a not yet created __EFMigrationsHistory as an error; our code logs its own database failures.
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "None",
    };

    /// <summary>The fake enforces Telegram's per-chat limits and the run's global limit.</summary>
    public static FakeTelegramOptions Fake(int globalPerSecond, TimeSpan latency) => new()
    {
        RateLimits = FakeRateLimits.Telegram with { GlobalPerSecond = globalPerSecond },
        Latency = latency,
    };
}
