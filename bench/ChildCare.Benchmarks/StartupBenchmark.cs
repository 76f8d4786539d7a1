using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ChildCare.Benchmarks;

/// <summary>
/// Cold start to healthy and peak memory of the Bot on the embedded default (SQLite, no Telegram token), beside an
/// empty ASP.NET Core app (bench/EmptyWeb) started alternately in the same run, so the figures read as ratios on a
/// noisy machine. Two cases: the first start on an empty folder (migrations, demo data, keys) and a start on an
/// existing database. Each start is its own process (<c>dotnet ChildCare.Bot.dll</c>, content root src/Bot as
/// under <c>dotnet run --project src/Bot</c>); the peak is the kernel's VmHWM a few seconds after /healthz first
/// answered 200, so the work that follows readiness (planning, jobs) is counted too. With <c>--idle-minutes N</c>
/// (scripts/bench.sh: 10), one more start on an empty folder is left without traffic for N minutes and its working
/// set (VmRSS) read at the end: the timers, job polling and the memory trim after start all had their turn.
/// <c>--bot-dll PATH</c> measures another build of the Bot, e.g. the output of <c>dotnet publish src/Bot -c Release
/// -r linux-x64 -o DIR</c> (ReadyToRun), or bench/LibraryFloor (the decided libraries without ChildCare, <c>--label
/// "library floor"</c>, which names it in the rows); its content root stays src/Bot.
/// </summary>
internal static class StartupBenchmark
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var runs = arguments.Number("runs", 5, 1, 30);
        var settleSeconds = arguments.Number("settle-s", 3, 0, 60);
        var idleMinutes = arguments.Number("idle-minutes", 0, 0, 30);
        var botEnvironment = ParseEnvironment(arguments.Text("bot-env"));
        var botDll = arguments.Text("bot-dll");
        var label = arguments.Text("label") ?? "Bot";
        arguments.ThrowIfUnknown();

        var root = RepositoryRoot();
        var bot = new App(label, botDll is null ? Path.Combine(root, "src/Bot/bin/Release/net10.0/ChildCare.Bot.dll") : Path.GetFullPath(botDll), Path.Combine(root, "src/Bot"), botEnvironment);
        var empty = new App("empty ASP.NET Core app", Path.Combine(root, "bench/EmptyWeb/bin/Release/net10.0/ChildCare.EmptyWeb.dll"), Path.Combine(root, "bench/EmptyWeb"), new Dictionary<string, string>());
        foreach (var app in new[] { bot, empty })
        {
            if (!File.Exists(app.Dll))
            {
                throw new BenchUsageException($"{app.Dll} is missing: build it first (dotnet build -c Release {Path.GetDirectoryName(app.ContentRoot)}), or run scripts/bench-startup.sh.");
            }
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var work = Directory.CreateTempSubdirectory("childcare-startup-");
        try
        {
            // One unmeasured start of each, so the first measured one does not pay for a cold disk cache.
            Report.Progress($"warm-up");
            await StartAsync(bot, Folder(work, "warmup"), http, 0);
            await StartAsync(empty, Folder(work, "warmup-empty"), http, 0);

            // The existing database: one first start, stopped gracefully, copied afresh for every measured start.
            var seeded = Folder(work, "seeded");
            await StartAsync(bot, seeded, http, settleSeconds, graceful: true);

            var first = new Series();
            var existing = new Series();
            for (var i = 0; i < runs; i++)
            {
                first.Bot.Add(await StartAsync(bot, Folder(work, $"first-{i}"), http, settleSeconds));
                first.Empty.Add(await StartAsync(empty, Folder(work, $"empty-{i}"), http, settleSeconds));
                var copy = Folder(work, $"existing-{i}");
                foreach (var file in Directory.GetFiles(seeded))
                {
                    File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
                }

                existing.Bot.Add(await StartAsync(bot, copy, http, settleSeconds));
                existing.Empty.Add(await StartAsync(empty, Folder(work, $"empty-b-{i}"), http, settleSeconds));
                Report.Progress($"run {i + 1}/{runs}: first {first.Bot[^1].Healthy.TotalSeconds:0.00} s, existing {existing.Bot[^1].Healthy.TotalSeconds:0.00} s, empty app {first.Empty[^1].Healthy.TotalSeconds:0.00} s");
            }

            Measurement? idle = null;
            if (idleMinutes > 0)
            {
                Report.Progress($"idle: one start on an empty folder, then {idleMinutes} minute(s) without traffic");
                idle = await StartAsync(bot, Folder(work, "idle"), http, idleMinutes * 60);
            }

            Print(label, runs, settleSeconds, botEnvironment, botDll, first, existing, idle, idleMinutes);
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void Print(string label, int runs, int settleSeconds, Dictionary<string, string> botEnvironment, string? botDll, Series first, Series existing, Measurement? idle, int idleMinutes)
    {
        Console.WriteLine();
        Console.WriteLine($"startup: {label} on the embedded default (SQLite, no Telegram token, Release build) beside an empty ASP.NET Core app, {runs} start(s) each, alternately; medians");
        Console.WriteLine($"  peak = VmHWM {settleSeconds} s after /healthz first answered 200; machine: {Environment.ProcessorCount} cores, load {LoadAverage()}");
        if (botEnvironment.Count > 0)
        {
            Console.WriteLine($"  {label} environment: {string.Join(", ", botEnvironment.Select(e => e.Key + "=" + e.Value))}");
        }

        if (botDll is not null)
        {
            Console.WriteLine($"  {label}: {botDll}");
        }

        Console.WriteLine();
        Console.WriteLine("| figure | value | goal |");
        Console.WriteLine("| --- | --- | --- |");
        Rows(label, "first start (empty folder)", first);
        Rows(label, "start on an existing database", existing);
        if (idle is not null)
        {
            Row($"{label}: working set after {idleMinutes} idle minutes", Megabytes(idle.WorkingSetAtEnd), "<= 120 MB");
            Row($"{label}: peak working set from start to the end of those {idleMinutes} idle minutes", Megabytes(idle.Peak), "");
        }
    }

    private static void Rows(string name, string label, Series series)
    {
        var botTime = Median(series.Bot.Select(m => m.Healthy.TotalSeconds));
        var emptyTime = Median(series.Empty.Select(m => m.Healthy.TotalSeconds));
        var botPeak = Median(series.Bot.Select(m => (double)m.Peak));
        var emptyPeak = Median(series.Empty.Select(m => (double)m.Peak));
        Row($"{name}: {label}, start to healthy", Invariant($"{botTime:0.00} s"), "<= 2.5 s");
        Row($"empty app: start to healthy (same run)", Invariant($"{emptyTime:0.00} s"), "");
        Row($"ratio {name} / empty app, start ({label})", Invariant($"{botTime / emptyTime:0.0} x"), "");
        Row($"{name}: {label}, peak working set", Megabytes((long)botPeak), "<= 150 MB");
        Row($"empty app: peak working set (same run)", Megabytes((long)emptyPeak), "");
        Row($"ratio {name} / empty app, peak ({label})", Invariant($"{botPeak / emptyPeak:0.0} x"), "");
    }

    private static void Row(string figure, string value, string goal) => Console.WriteLine($"| {figure} | {value} | {goal} |");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static string Megabytes(long bytes) => Invariant($"{bytes / 1024.0 / 1024.0:0} MB");

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<Measurement> StartAsync(App app, string folder, HttpClient http, int settleSeconds, bool graceful = false)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = app.ContentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app.Dll);
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__ChildCare"] = $"Data Source={Path.Combine(folder, "childcare.db")}";
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (name, value) in app.Environment)
        {
            start.Environment[name] = value;
        }

        var log = new StreamWriter(Path.Combine(folder, Path.GetFileNameWithoutExtension(app.Dll) + ".log"));
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {app.Dll}");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var healthy = await WaitHealthyAsync(http, port, process, watch, app);
            await Task.Delay(TimeSpan.FromSeconds(settleSeconds));
            var (peak, now) = ReadMemory(process.Id);
            if (graceful)
            {
                using var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await process.WaitForExitAsync(timeout.Token);
            }

            return new Measurement(healthy, peak, now);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            lock (log)
            {
                log.Dispose();
            }
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }

    private static async Task<TimeSpan> WaitHealthyAsync(HttpClient http, int port, Process process, Stopwatch watch, App app)
    {
        var url = new Uri($"http://127.0.0.1:{port}/healthz");
        while (watch.Elapsed < HealthTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{app.Name} exited with {process.ExitCode} before it was healthy");
            }

            try
            {
                using var response = await http.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return watch.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"{app.Name} was not healthy within {HealthTimeout.TotalSeconds:0} s");
    }

    /// <summary>VmHWM (the highest resident set so far) and VmRSS, from the kernel.</summary>
    private static (long Peak, long Now) ReadMemory(int pid)
    {
        long peak = 0, now = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                now = Kilobytes(line) * 1024;
            }
        }

        return (peak, now);

        static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Folder(DirectoryInfo work, string name) => work.CreateSubdirectory(name).FullName;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChildCare.sln")))
            {
                return dir.FullName;
            }
        }

        throw new BenchUsageException("run from inside the repository (ChildCare.sln not found above the benchmark).");
    }

    private static Dictionary<string, string> ParseEnvironment(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new BenchUsageException("--bot-env takes NAME=VALUE[,NAME=VALUE...].");
            }

            result[pair[..equals]] = pair[(equals + 1)..];
        }

        return result;
    }

    private sealed record App(string Name, string Dll, string ContentRoot, IReadOnlyDictionary<string, string> Environment);

    private sealed record Measurement(TimeSpan Healthy, long Peak, long WorkingSetAtEnd);

    private sealed class Series
    {
        public List<Measurement> Bot { get; } = [];

        public List<Measurement> Empty { get; } = [];
    }
}
