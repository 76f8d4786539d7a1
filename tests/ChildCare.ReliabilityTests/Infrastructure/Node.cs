using System.Globalization;
using ChildCare.Testing;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>
/// One node of the product as a real process (the Release build of src/Bot or src/Scheduler, started with
/// <c>dotnet</c>) on a loopback port, with its settings as environment variables. It can be killed with
/// SIGKILL (<see cref="Kill"/>) and started again on the same port and settings; every run's output is kept.
/// </summary>
internal sealed class Node : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly string _dll;
    private readonly Dictionary<string, string?> _environment;
    private readonly List<ChildProcess> _runs = [];

    private Node(string name, string dll, int port, Dictionary<string, string?> environment)
    {
        Name = name;
        _dll = dll;
        Port = port;
        _environment = environment;
    }

    /// <summary>Names the node in failures and its log file: the test's figures name and the node, e.g. "fuzz-bot".</summary>
    public string Name { get; }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    public Uri Health => new(Address, "healthz");

    public int ProcessId => Current.Id;

    public bool IsRunning => _runs.Count > 0 && !Current.HasExited;

    /// <summary>Standard output and error of every run so far.</summary>
    public string Log => string.Join('\n', _runs.Select(r => r.StandardOutput + "\n" + r.StandardError));

    private ChildProcess Current => _runs.Count > 0 ? _runs[^1] : throw new InvalidOperationException($"{Name} was never started.");

    /// <summary>
    /// A Bot node. Keys are configuration keys ("Telegram:Mode"); in webhook mode the webhook address and
    /// the public base address default to this node's own.
    /// </summary>
    public static Node Bot(string name, IReadOnlyDictionary<string, string?> settings)
    {
        var port = FreePort.Next();
        var environment = Environment(settings);
        environment["Urls"] = $"http://127.0.0.1:{port}";
        environment.TryAdd("Web__PublicBaseUrl", $"http://127.0.0.1:{port}/");
        if (environment.TryGetValue("Telegram__Mode", out var mode) && mode == "Webhook")
        {
            environment.TryAdd("Telegram__WebhookUrl", $"http://127.0.0.1:{port}/telegram/webhook");
        }

        return new Node(name, Program("Bot", "ChildCare.Bot"), port, environment);
    }

    /// <summary>A Scheduler worker node; its health listener is on a loopback port of its own.</summary>
    public static Node Scheduler(string name, IReadOnlyDictionary<string, string?> settings)
    {
        var port = FreePort.Next();
        var environment = Environment(settings);
        environment["Scheduler__HealthPort"] = port.ToString(CultureInfo.InvariantCulture);
        environment["Scheduler__HealthHost"] = "127.0.0.1";
        return new Node(name, Program("Scheduler", "ChildCare.Scheduler"), port, environment);
    }

    /// <summary>Starts a run and waits until <c>/healthz</c> answers 200.</summary>
    public async Task StartAsync()
    {
        var run = ChildProcess.Start(_dll, _environment);
        _runs.Add(run);
        await run.WaitForHealthyAsync(Health.AbsoluteUri, StartTimeout);
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly as when the machine loses power or the OOM killer strikes.</summary>
    public void Kill() => Current.Kill();

    /// <summary>How often <paramref name="text"/> appears in the output of every run.</summary>
    public int CountInLog(string text)
    {
        var log = Log;
        var count = 0;
        for (var i = log.IndexOf(text, StringComparison.Ordinal); i >= 0; i = log.IndexOf(text, i + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>The log lines at warning level or above ("warn:", "fail:", "crit:"), for a failure message.</summary>
    public string Problems(int most = 40) => string.Join('\n', Log.Split('\n')
        .Where(l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal)
            || l.StartsWith("Unhandled exception", StringComparison.Ordinal))
        .TakeLast(most));

    /// <summary>Stops every run and keeps their output in <c>artifacts/reliability/logs/{name}.log</c>.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs)
        {
            await run.DisposeAsync();
        }

        var folder = Path.Combine(Figures.Folder, "logs");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, Name + ".log"), Log);
    }

    private static string Program(string project, string assembly)
    {
        var dll = RepositoryPaths.ProgramDll(project, assembly);
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"{dll} is missing: build the solution in {RepositoryPaths.Configuration} first (scripts/reliability.sh does).");
    }

    private static Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string?> settings) =>
        settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
}
