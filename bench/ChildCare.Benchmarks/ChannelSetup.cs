using System.Globalization;
using ChildCare.Core.Messaging;
using ChildCare.FakeTelegram;

namespace ChildCare.Benchmarks;

/// <summary>
/// The Telegram side of a run, set alike on both ends: the fake Bot API enforces the global limit L (and
/// Telegram's 1/s per private chat) with the given latency, and the Bot is configured with the same L.
/// </summary>
internal sealed record ChannelSetup(int GlobalPerSecond, TimeSpan Latency, int MaxConcurrentSends)
{
    public const string WebhookSecret = "bench_webhook-secret";

    /// <summary>Reads <c>--limit</c>, <c>--latency-ms</c> and <c>--max-concurrent-sends</c>.</summary>
    public static ChannelSetup Read(BenchArguments args, int defaultLimit, int defaultLatencyMs) => new(
        args.Number("limit", defaultLimit, 1, 10_000),
        TimeSpan.FromMilliseconds(args.Number("latency-ms", defaultLatencyMs, 0, 60_000)),
        args.Number("max-concurrent-sends", MessagingSettings.Default.MaxConcurrentSends, 1, 256));

    public FakeTelegramOptions Fake() => new()
    {
        RateLimits = FakeRateLimits.Telegram with { GlobalPerSecond = GlobalPerSecond },
        Latency = Latency,
    };

    /// <summary>
    /// Webhook mode, so nothing long-polls the fake during the run. The scheduler and the demo data are off:
    /// they are not what is measured. Only warnings and errors are logged; the report counts them.
    /// </summary>
    public Dictionary<string, string?> BotSettings(FakeTelegramServer fake, BenchDatabase database, Uri webhookUrl) => new()
    {
        ["Telegram:BotToken"] = fake.Token,
        ["Telegram:ApiBaseUrl"] = fake.BaseUrl.AbsoluteUri,
        ["Telegram:Mode"] = "Webhook",
        ["Telegram:WebhookUrl"] = webhookUrl.AbsoluteUri,
        ["Telegram:WebhookSecret"] = WebhookSecret,
        ["Scheduler:InProcess"] = "false",
        ["Deadlines:LoadDemoData"] = "false",
        [MessagingSettings.GlobalPerSecondKey] = GlobalPerSecond.ToString(CultureInfo.InvariantCulture),
        [MessagingSettings.MaxConcurrentSendsKey] = MaxConcurrentSends.ToString(CultureInfo.InvariantCulture),
        ["Database:Provider"] = database.Provider,
        ["ConnectionStrings:ChildCare"] = database.ConnectionString,
        ["Privacy:Key"] = Convert.ToBase64String(new byte[32]),
        ["Logging:LogLevel:Default"] = "Warning",
        // EF Core logs its probe of a not yet created __EFMigrationsHistory as an error; our code logs its own database failures.
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "None",
    };

    public void Describe(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Setting($"fake Bot API: {GlobalPerSecond}/s global, 1/s per private chat, {Latency.TotalMilliseconds:F0} ms latency per call");
        report.Setting($"Bot: Messaging:GlobalPerSecond={GlobalPerSecond}, Messaging:MaxConcurrentSends={MaxConcurrentSends}, other Messaging and Telegram settings default");
    }
}
