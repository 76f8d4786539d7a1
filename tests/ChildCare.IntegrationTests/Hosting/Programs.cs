using ChildCare.Testing;

namespace ChildCare.IntegrationTests.Hosting;

/// <summary>Starts the built Bot and Scheduler programs as processes.</summary>
internal static class Programs
{
    public static string BotDll => RepositoryPaths.ProgramDll("Bot", "ChildCare.Bot");

    public static string SchedulerDll => RepositoryPaths.ProgramDll("Scheduler", "ChildCare.Scheduler");

    public static ChildProcess StartBot(int port, IReadOnlyDictionary<string, string?> settings) =>
        ChildProcess.Start(BotDll, With(settings, ("Urls", $"http://127.0.0.1:{port}")));

    public static ChildProcess StartScheduler(int healthPort, IReadOnlyDictionary<string, string?> settings) =>
        ChildProcess.Start(SchedulerDll, With(settings, ("Scheduler__HealthPort", healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Scheduler__HealthHost", "127.0.0.1")));

    public static Dictionary<string, string?> Postgres(string connectionString) => new()
    {
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__ChildCare"] = connectionString,
        ["Privacy__Key"] = TestPrivacy.Key,
    };

    private static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> settings, params (string Key, string Value)[] extra)
    {
        var all = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in extra)
        {
            all.TryAdd(key, value);
        }

        return all;
    }
}
