using System.Globalization;
using ChildCare.Core.Messaging;
using ChildCare.FakeTelegram;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>The settings the fault tests give their nodes: the test's database, the fake Bot API on loopback, quiet logs.</summary>
internal static class NodeSettings
{
    public const string WebhookSecret = "reliability_webhook-secret";

    /// <summary>The nodes' <c>Admin:ApiKey</c>, which <see cref="AdminApi"/> sends: no request is an administrator for its address.</summary>
    public const string AdminKey = "reliability-admin-key-0123456789";

    /// <summary>
    /// A Bot node (scheduler off, no demo data) receiving by <paramref name="mode"/> ("Webhook" or "Polling") from the
    /// fake, sending at <paramref name="perSecond"/> messages a second overall and per chat (the fake's limits are
    /// the test's to choose). Leadership changes are logged, so a test can tell which node leads.
    /// </summary>
    public static Dictionary<string, string?> Bot(ReliabilityDatabase database, FakeTelegramServer fake, string mode, int perSecond = 1000)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(fake);
        var settings = Common(database);
        settings["Telegram:BotToken"] = fake.Token;
        settings["Telegram:ApiBaseUrl"] = fake.BaseUrl.AbsoluteUri;
        settings["Telegram:Mode"] = mode;
        settings["Telegram:WebhookSecret"] = WebhookSecret;
        settings["Admin:ApiKey"] = AdminKey;
        settings["Telegram:PollTimeoutSeconds"] = "2";
        settings["Scheduler:InProcess"] = "false";
        settings[MessagingSettings.GlobalPerSecondKey] = perSecond.ToString(CultureInfo.InvariantCulture);
        settings[MessagingSettings.PrivateChatPerSecondKey] = perSecond.ToString(CultureInfo.InvariantCulture);
        settings[MessagingSettings.PollMillisecondsKey] = "200";
        settings["WebChat:MessagesPerMinute"] = "1000";
        return settings;
    }

    /// <summary>A Bot node (scheduler off, no demo data) with Zalo on against the fake OA and Telegram off.</summary>
    public static Dictionary<string, string?> ZaloBot(ReliabilityDatabase database, ChildCare.FakeZalo.FakeZaloServer fake, int perSecond = 1000)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(fake);
        var settings = Common(database);
        foreach (var (key, value) in fake.Settings())
        {
            settings[key] = value;
        }

        settings["Zalo:PerSecond"] = perSecond.ToString(CultureInfo.InvariantCulture);
        settings["Admin:ApiKey"] = AdminKey;
        settings["Scheduler:InProcess"] = "false";
        settings[MessagingSettings.GlobalPerSecondKey] = perSecond.ToString(CultureInfo.InvariantCulture);
        settings[MessagingSettings.PrivateChatPerSecondKey] = perSecond.ToString(CultureInfo.InvariantCulture);
        settings[MessagingSettings.PollMillisecondsKey] = "200";
        return settings;
    }

    /// <summary>A Scheduler worker node of a cluster that checks in every 2 s.</summary>
    public static Dictionary<string, string?> Scheduler(ReliabilityDatabase database)
    {
        var settings = Common(database);
        settings["Scheduler:ClusterCheckinSeconds"] = "2";
        return settings;
    }

    private static Dictionary<string, string?> Common(ReliabilityDatabase database)
    {
        var settings = database.Settings();
        settings["Deadlines:LoadDemoData"] = "false";
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Logging:LogLevel:ChildCare.Core.Messaging"] = "Information";
        // EF Core logs its probe of a not yet created __EFMigrationsHistory as an error; our code logs its own database failures.
        settings["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "None";
        return settings;
    }
}
