namespace ChildCare.FakeTelegram;

public sealed record FakeTelegramOptions
{
    public const string DefaultToken = "123456789:TEST-fake_token-for-ChildCare-tests";

    /// <summary>The only token the fake accepts; others get 401 Unauthorized.</summary>
    public string Token { get; init; } = DefaultToken;

    public string BotUsername { get; init; } = "childcare_test_bot";

    /// <summary>Message limits; <see cref="FakeRateLimits.None"/> for tests that send in bursts.</summary>
    public FakeRateLimits RateLimits { get; init; } = FakeRateLimits.Telegram;

    /// <summary>Delay before every answer.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>bot-api-10.1.json; by default found in shared/telegram beside the repository.</summary>
    public string? SpecPath { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// When set, answerCallbackQuery for a tap queued with <see cref="FakeTelegramServer.EnqueueUpdate"/> more than
    /// this long ago, or answered already, gets Telegram's 400 "query is too old" (the real window is seconds).
    /// Off by default; taps the fake never queued are always answered.
    /// </summary>
    public TimeSpan? CallbackQueryLifetime { get; init; }
}
