using ChildCare.Bot.Telegram;
using ChildCare.FakeTelegram;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChildCare.Bot.Tests.Telegram;

/// <summary>The production registration (AddTelegramClient) pointed at a fake, with fast retries.</summary>
internal static class TelegramTestServices
{
    public static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    public static ServiceProvider Create(FakeTelegramServer fake, ILoggerProvider? logs = null, params (string Key, string? Value)[] overrides) =>
        Create(fake.BaseUrl.ToString(), fake.Token, logs, overrides);

    public static ServiceProvider Create(string baseUrl, string token, ILoggerProvider? logs = null, params (string Key, string? Value)[] overrides)
    {
        (string Key, string? Value)[] defaults =
        [
            ("Telegram:BotToken", token),
            ("Telegram:ApiBaseUrl", baseUrl),
            ("Telegram:RetryBaseDelayMilliseconds", "20"),
            ("Telegram:RequestTimeoutSeconds", "10"),
        ];
        var values = defaults.Where(d => !overrides.Any(o => o.Key == d.Key)).Concat(overrides).ToArray();
        var services = new ServiceCollection();
        services.AddLogging(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                builder.AddProvider(logs);
            }
        });
        services.AddTelegramClient(Configuration(values));
        return services.BuildServiceProvider();
    }
}
