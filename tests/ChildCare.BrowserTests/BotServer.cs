using ChildCare.Testing;

namespace ChildCare.BrowserTests;

/// <summary>
/// The real Bot program on a free loopback port with a SQLite file of its own and no Telegram, unless
/// <c>settings</c> (configuration keys, "Telegram:Mode") say otherwise. Its public address (the sign-in links
/// the bot writes) is its own.
/// </summary>
internal sealed class BotServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _file;

    private BotServer(ChildProcess process, string file, Uri address)
    {
        _process = process;
        _file = file;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>What the program has written to its log so far.</summary>
    public string Output => _process.StandardOutput;

    /// <summary>
    /// <paramref name="host"/> is the name the browser uses and the links say: "localhost" where WebAuthn is involved,
    /// since a passkey belongs to a domain and an IP address is none. The server listens on 127.0.0.1 either way.
    /// </summary>
    public static async Task<BotServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, string host = "127.0.0.1")
    {
        var port = FreePort.Next();
        var file = Path.Combine(Path.GetTempPath(), $"childcare-browser-{Guid.NewGuid():N}.db");
        var environment = new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__ChildCare"] = $"Data Source={file}",
            ["Privacy__KeyFile"] = file + ".key",
            ["Deadlines__LoadDemoData"] = "false",
            ["Scheduler__InProcess"] = "false",
            ["Web__PublicBaseUrl"] = $"http://{host}:{port}/",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = ChildProcess.Start(RepositoryPaths.ProgramDll("Bot", "ChildCare.Bot"), environment);
        await process.WaitForHealthyAsync($"http://127.0.0.1:{port}/healthz", TimeSpan.FromSeconds(90));
        return new BotServer(process, file, new Uri($"http://{host}:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm", ".key" })
        {
            File.Delete(_file + suffix);
        }
    }
}
