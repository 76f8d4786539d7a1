namespace ChildCare.Scheduler.Hosting;

/// <summary>
/// Sets glibc's malloc for a small, long-running node before the host starts its threads (issue 21). The native memory
/// of SQLite, the JIT and OpenSSL otherwise stays with the process once freed: glibc gives a thread that finds the
/// arenas busy an arena of its own (up to eight per core), and after a large block is freed it raises its mmap and trim
/// thresholds (up to 32 and 64 MB), so the freed tops of the arenas are never handed back. Measured on the embedded
/// default (2 cores, 2 idle minutes after start): about 15 MB less with <see cref="ArenaLimit"/> arenas, and 17 MB less
/// again with the thresholds fixed at glibc's small values. The managed heap is not malloc's, so the help desk and
/// the inbox hardly contend on the two arenas, and blocks of <see cref="MmapThreshold"/> and more are rare. Each
/// setting's own glibc environment variable (<c>MALLOC_ARENA_MAX</c>, <c>MALLOC_MMAP_THRESHOLD_</c>,
/// <c>MALLOC_TRIM_THRESHOLD_</c>) wins: glibc has read it already, and this leaves that setting alone.
/// </summary>
internal static class MallocSettings
{
    /// <summary>Arenas: one for the main thread's start-up, one more so two busy threads need not wait.</summary>
    public const int ArenaLimit = 2;

    /// <summary>Blocks this large or larger are mapped on their own and unmapped when freed.</summary>
    public const int MmapThreshold = 64 * 1024;

    /// <summary>Free memory at an arena's top beyond this goes back to the operating system.</summary>
    public const int TrimThreshold = 1024 * 1024;

    // mallopt's parameter numbers (malloc.h).
    private const int MTrimThreshold = -1;
    private const int MMmapThreshold = -3;
    private const int MArenaMax = -8;

    /// <summary>The glibc variables, each with the mallopt parameter and value it stands for.</summary>
    private static readonly (string Variable, int Parameter, int Value)[] Settings =
    [
        ("MALLOC_ARENA_MAX", MArenaMax, ArenaLimit),
        ("MALLOC_MMAP_THRESHOLD_", MMmapThreshold, MmapThreshold),
        ("MALLOC_TRIM_THRESHOLD_", MTrimThreshold, TrimThreshold),
    ];

    /// <summary>The environment variables that, when set, keep glibc's own reading of them.</summary>
    public static IEnumerable<string> Variables => Settings.Select(s => s.Variable);

    /// <summary>
    /// Applies every setting whose variable <paramref name="environment"/> does not name (given a variable, it returns
    /// its value or null); returns the variables of the settings applied.
    /// </summary>
    public static IReadOnlyList<string> Apply(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var applied = new List<string>();
        foreach (var (variable, parameter, value) in Settings)
        {
            if (environment(variable) is null && Glibc.TrySetMallocOption(parameter, value))
            {
                applied.Add(variable);
            }
        }

        return applied;
    }
}
