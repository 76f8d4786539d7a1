using ChildCare.Testing;

namespace ChildCare.IntegrationTests.Hosting;

/// <summary>
/// A bad setting stops the real process with a non-zero exit code and one sentence that names the key,
/// not a stack trace.
/// </summary>
public sealed class StartupValidationTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string, string, string> BadBotSettings => new()
    {
        { "Database__Provider=Oracle", "Database:Provider", "expected one of 'Sqlite', 'Postgres'" },
        { "Database__Provider=Postgres", "ConnectionStrings:ChildCare", "is missing" },
        { "Database__Provider=Postgres|ConnectionStrings__ChildCare=Host=localhost;Colour=blue", "ConnectionStrings:ChildCare", "not a valid PostgreSQL connection string" },
        { "Database__Provider=Postgres|ConnectionStrings__ChildCare=Host=127.0.0.1;Port=1;Database=nowhere;Username=x|Database__StartupTimeoutSeconds=1|Privacy__Key=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=", "ConnectionStrings:ChildCare", "could not be reached" },
        { "Database__Provider=Postgres|ConnectionStrings__ChildCare=Host=127.0.0.1;Port=1;Database=nowhere;Username=x", "Privacy:Key", "is missing; on PostgreSQL set Privacy:Key" },
        // With two accounts the owner's connection is opened first: its setting, and its address, are the ones named.
        { "Database__Provider=Postgres|ConnectionStrings__ChildCare=Host=127.0.0.1;Port=1;Database=nowhere;Username=x|ConnectionStrings__ChildCareMigrations=Host=127.0.0.1;Port=2;Database=nowhere;Username=y|Database__StartupTimeoutSeconds=1|Privacy__Key=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=", "ConnectionStrings:ChildCareMigrations", "points to 127.0.0.1:2, which could not be reached" },
        { "Privacy__Key=not-a-key", "Privacy:Key", "is not base64" },
        { "Privacy__Key=AQID", "Privacy:Key", "holds 3 bytes; expected 32" },
        { "Conversations__MaxReportsPerHour=0", "Conversations:MaxReportsPerHour", "from 1 to 100" },
        { "WebChat__Enabled=sometimes", "WebChat:Enabled", "expected true or false" },
        { "Cases__TakeWithinMinutes=0", "Cases:TakeWithinMinutes", "from 1 to 1440" },
        { "ConnectionStrings__ChildCare=Data Source=/proc/childcare/cannot/be/here.db", "ConnectionStrings:ChildCare", "cannot be opened or written" },
        { "ConnectionStrings__ChildCare=Data Source=x.db;Flavour=mint", "ConnectionStrings:ChildCare", "not a valid SQLite connection string" },
        { "Scheduler__InProcess=perhaps", "Scheduler:InProcess", "expected true or false" },
        { "Scheduler__ThreadCount=0", "Scheduler:ThreadCount", "from 1 to 64" },
        { "Database__StartupTimeoutSeconds=soon", "Database:StartupTimeoutSeconds", "whole number" },
        { "Deadlines__ReminderTime=8am", "Deadlines:ReminderTime", "HH:mm" },
        { "Deadlines__PlanningHorizonDays=5000", "Deadlines:PlanningHorizonDays", "from 30 to 1000" },
        { "Admin__ApiKey=short", "Admin:ApiKey", "too short" },
        { "Api__Keys__0__Key=short", "Api:Keys:0:Key", "too short" },
        { "Web__PublicBaseUrl=childcare.example", "Web:PublicBaseUrl", "expected an absolute http or https URL" },
        { "Web__KnownProxies=proxy.local", "Web:KnownProxies", "expected the IP address of a reverse proxy" },
        { "Web__KnownNetworks=10.0.0.0/99", "Web:KnownNetworks", "expected a network in CIDR notation" },
        { "WebChat__ReportsPerHourPerAddress=0", "WebChat:ReportsPerHourPerAddress", "from 1 to 10000" },
        { "Cases__FloodNewCases=0", "Cases:FloodNewCases", "from 1 to 10000" },
        { "Telegram__Mode=Webhook|Telegram__BotToken=123:abc", "Telegram:WebhookUrl", "required when Telegram:Mode is Webhook" },
        { "Zalo__Enabled=true|Zalo__AppId=1|Zalo__SecretKey=oa-secret-key|Zalo__AppSecret=app-secret-key|Zalo__RefreshToken=refresh-token", "Zalo:OaId", "required when Zalo:Enabled is true" },
        { "Zalo__WindowHours=24|Zalo__FreeWindowHours=48", "Zalo:FreeWindowHours", "longer than Zalo:WindowHours" },
        { "Scheduler__ReminderIntervalSeconds=1", "Scheduler:ReminderIntervalSeconds", "from 5 to 3600" },
        { "Retention__MessageDays=0", "Retention:MessageDays", "from 1 to 3650" },
        { "Retention__PurgeIntervalMinutes=soon", "Retention:PurgeIntervalMinutes", "whole number" },
        { "ConnectionStrings__ChildCareMigrations=Host=localhost;Database=childcare", "ConnectionStrings:ChildCareMigrations", "for PostgreSQL only" },
        { "Database__Provider=Postgres|ConnectionStrings__ChildCare=Host=localhost;Database=x|ConnectionStrings__ChildCareMigrations=Host=localhost;Colour=blue|Privacy__Key=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=", "ConnectionStrings:ChildCareMigrations", "not a valid PostgreSQL connection string" },
    };

    [Theory]
    [MemberData(nameof(BadBotSettings))]
    public async Task Bot_ExitsWithSentenceNamingKey_WhenSettingIsBad(string settings, string key, string problem)
    {
        var environment = Parse(settings);
        if (!environment.ContainsKey("Database__Provider"))
        {
            // Each start gets its own SQLite file, so a failing case never leaves state for the next one.
            environment.TryAdd("ConnectionStrings__ChildCare", $"Data Source={Path.Combine(Path.GetTempPath(), $"cc-{Guid.NewGuid():N}.db")}");
        }
        await using var bot = Programs.StartBot(FreePort.Next(), environment);

        var exitCode = await bot.WaitForExitAsync(ExitTimeout);

        Assert.NotEqual(0, exitCode);
        AssertOneSentence(bot.StandardError, key, problem);
    }

    [Fact]
    public async Task Bot_ExitsWithSentenceNamingUrls_WhenItsPortIsTaken()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        await using var bot = Programs.StartBot(port, new Dictionary<string, string?>
        {
            ["ConnectionStrings__ChildCare"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"cc-{Guid.NewGuid():N}.db")}",
        });

        var exitCode = await bot.WaitForExitAsync(ExitTimeout);

        Assert.Equal(2, exitCode);
        AssertOneSentence(bot.StandardError, "Urls", "address already in use");
    }

    [Fact]
    public async Task Bot_ExitsWithSentenceNamingTheKeyFile_WhenTheDatabaseCameWithoutItsKey_AndStartsWithItAgain()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("cc-keyfile-");
        try
        {
            var environment = new Dictionary<string, string?> { ["ConnectionStrings__ChildCare"] = $"Data Source={Path.Combine(folder.FullName, "childcare.db")}" };
            var keyFile = Path.Combine(folder.FullName, "childcare.key");
            var port = FreePort.Next();
            await using (var first = Programs.StartBot(port, environment))
            {
                await first.WaitForHealthyAsync($"http://127.0.0.1:{port}/healthz", ExitTimeout);
            }

            var key = await File.ReadAllTextAsync(keyFile);
            File.Delete(keyFile);
            await using (var lost = Programs.StartBot(FreePort.Next(), environment))
            {
                Assert.Equal(2, await lost.WaitForExitAsync(ExitTimeout));
                AssertOneSentence(lost.StandardError, "Privacy:KeyFile", $"(here {keyFile}) does not exist, but this database already holds values sealed");
            }

            Assert.False(File.Exists(keyFile));
            await File.WriteAllTextAsync(keyFile, TestPrivacy.NewKey());
            await using (var other = Programs.StartBot(FreePort.Next(), environment))
            {
                Assert.Equal(2, await other.WaitForExitAsync(ExitTimeout));
                AssertOneSentence(other.StandardError, "Privacy:KeyFile", "is not the key this database's values were sealed with");
            }

            await File.WriteAllTextAsync(keyFile, key);
            port = FreePort.Next();
            await using var again = Programs.StartBot(port, environment);
            await again.WaitForHealthyAsync($"http://127.0.0.1:{port}/healthz", ExitTimeout);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Scheduler_ExitsWithSentenceNamingKey_WhenHealthPortIsOutOfRange()
    {
        await using var scheduler = ChildProcess.Start(Programs.SchedulerDll, new Dictionary<string, string?>
        {
            ["Scheduler__HealthPort"] = "70000",
            ["ConnectionStrings__ChildCare"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"cc-{Guid.NewGuid():N}.db")}",
        });

        var exitCode = await scheduler.WaitForExitAsync(ExitTimeout);

        Assert.NotEqual(0, exitCode);
        AssertOneSentence(scheduler.StandardError, "Scheduler:HealthPort", "from 1 to 65535");
    }

    private static void AssertOneSentence(string stderr, string key, string problem)
    {
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Configuration error: {key} ", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Parse(string settings) =>
        settings.Split('|').Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1]);
}
