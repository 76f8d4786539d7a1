using ChildCare.Testing;

namespace ChildCare.BrowserTests;

/// <summary>The real Bot program on a free loopback port with a SQLite file of its own and no Telegram.</summary>
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

    public static async Task<BotServer> StartAsync()
    {
        var port = FreePort.Next();
        var file = Path.Combine(Path.GetTempPath(), $"childcare-browser-{Guid.NewGuid():N}.db");
        var process = ChildProcess.Start(RepositoryPaths.ProgramDll("Bot", "ChildCare.Bot"), new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__ChildCare"] = $"Data Source={file}",
            ["Privacy__KeyFile"] = file + ".key",
            ["Deadlines__LoadDemoData"] = "false",
            ["Scheduler__InProcess"] = "false",
        });
        await process.WaitForHealthyAsync($"http://127.0.0.1:{port}/healthz", TimeSpan.FromSeconds(90));
        return new BotServer(process, file, new Uri($"http://127.0.0.1:{port}/"));
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
