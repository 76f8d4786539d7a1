namespace ChildCare.FakeZalo;

/// <summary>The fake OA's identity and the limits it enforces (docs/zalo.md).</summary>
public sealed record FakeZaloOptions
{
    public string OaId { get; init; } = "579745863508352884";

    public string AppId { get; init; } = "1234567890123456789";

    /// <summary>The OA secret key that signs webhook events.</summary>
    public string SecretKey { get; init; } = "oa-secret-key-for-tests";

    /// <summary>The application's secret, sent as the <c>secret_key</c> header of a refresh.</summary>
    public string AppSecret { get; init; } = "app-secret-for-tests";

    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(25);

    /// <summary>The customer-service window after the person's last message (error -230 after it).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The free part of the window: this long, and at most <see cref="FreeMessages"/> messages.</summary>
    public TimeSpan FreeWindow { get; init; } = TimeSpan.FromHours(48);

    public int FreeMessages { get; init; } = 8;

    /// <summary>Requests per <see cref="RateWindow"/> (a second, as Zalo counts) over the whole OA before error -32.</summary>
    public int PerSecond { get; init; } = 20;

    /// <summary>
    /// The window <see cref="PerSecond"/> counts in. A test that must see error -32 widens it, so that sends a busy
    /// machine spreads over more than a second are still refused.
    /// </summary>
    public TimeSpan RateWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>ZNS template ids the fake knows (others: error -109).</summary>
    public IReadOnlySet<string> ZnsTemplates { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "301234" };

    /// <summary>The clock the fake judges expiry and windows by; share it with the app under test.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
