using System.Globalization;

namespace ChildCare.Benchmarks;

/// <summary>
/// Gives one process a CPU budget of its own (a Linux cgroup with a CFS quota: cgroup v2's <c>cpu.max</c>, else v1's
/// <c>cpu.cfs_quota_us</c>), as a container limit or a machine of its own would. It lets a small machine show whether a
/// second Bot node adds capacity: unlimited, two nodes, PostgreSQL and the load generator share the same cores, so the
/// machine and not the design sets the rate. Needs a writable cgroup hierarchy (root, or a delegated subtree); when there
/// is none, <see cref="TryCreate"/> says why and the benchmark prints the figure as not measured. The group is removed at
/// dispose (after its process ended).
/// </summary>
internal sealed class CpuQuota : IDisposable
{
    private const int PeriodMicroseconds = 100_000;
    private readonly string _folder;
    private readonly bool _v2;

    private CpuQuota(string folder, bool v2)
    {
        _folder = folder;
        _v2 = v2;
    }

    /// <summary>A new group limited to <paramref name="cpus"/> cores, or null and the reason it could not be made.</summary>
    public static (CpuQuota? Quota, string? Why) TryCreate(string name, double cpus)
    {
        var quota = ((long)Math.Round(cpus * PeriodMicroseconds)).ToString(CultureInfo.InvariantCulture);
        var period = PeriodMicroseconds.ToString(CultureInfo.InvariantCulture);
        var roots = new (string Root, bool V2)[] { ("/sys/fs/cgroup", true), ("/sys/fs/cgroup/unified", true), ("/sys/fs/cgroup/cpu", false) };
        var tried = new List<string>();
        foreach (var (root, v2) in roots)
        {
            var usable = v2 ? File.Exists(Path.Combine(root, "cgroup.controllers")) && File.ReadAllText(Path.Combine(root, "cgroup.controllers")).Split(' ', StringSplitOptions.TrimEntries).Contains("cpu") : File.Exists(Path.Combine(root, "cpu.cfs_quota_us"));
            if (!usable)
            {
                continue;
            }

            var folder = Path.Combine(root, $"childcare-bench-{name}-{Environment.ProcessId}");
            try
            {
                if (v2)
                {
                    // The cpu controller must be on for the children of the root (it usually is where containers run).
                    var control = Path.Combine(root, "cgroup.subtree_control");
                    if (!File.ReadAllText(control).Split(' ', StringSplitOptions.TrimEntries).Contains("cpu"))
                    {
                        File.WriteAllText(control, "+cpu");
                    }

                    Directory.CreateDirectory(folder);
                    File.WriteAllText(Path.Combine(folder, "cpu.max"), $"{quota} {period}");
                }
                else
                {
                    Directory.CreateDirectory(folder);
                    File.WriteAllText(Path.Combine(folder, "cpu.cfs_period_us"), period);
                    File.WriteAllText(Path.Combine(folder, "cpu.cfs_quota_us"), quota);
                }

                return (new CpuQuota(folder, v2), null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                tried.Add($"{root}: {e.Message}");
                TryDelete(folder);
            }
        }

        return (null, tried.Count == 0 ? "no cgroup cpu controller is mounted" : string.Join("; ", tried));
    }

    /// <summary>Moves a process, all its threads and the ones it starts later, into the group.</summary>
    public void Add(int processId) => File.WriteAllText(Path.Combine(_folder, "cgroup.procs"), processId.ToString(CultureInfo.InvariantCulture));

    /// <summary>How often the group's processes were held back for having used up their quota, and for how long in all.</summary>
    public (long Periods, TimeSpan Throttled) Throttling()
    {
        var stat = File.ReadAllLines(Path.Combine(_folder, "cpu.stat")).Select(l => l.Split(' ')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
        return _v2
            ? (stat.GetValueOrDefault("nr_throttled"), TimeSpan.FromMicroseconds(stat.GetValueOrDefault("throttled_usec")))
            : (stat.GetValueOrDefault("nr_throttled"), TimeSpan.FromTicks(stat.GetValueOrDefault("throttled_time") / 100));
    }

    public void Dispose() => TryDelete(_folder);

    private static void TryDelete(string folder)
    {
        try
        {
            // A cgroup folder goes with rmdir once no process is in it; its control files are not deleted one by one.
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder);
            }
        }
        catch (IOException)
        {
            // Still in use (a process not yet reaped) or already gone: the kernel keeps an empty group harmlessly.
        }
    }
}
