using System.Runtime.InteropServices;

namespace ChildCare.Scheduler.Hosting;

/// <summary>
/// Caps glibc's malloc at <see cref="Limit"/> arenas before the host starts its threads. By default glibc gives a thread
/// that finds the arenas busy an arena of its own, up to eight per core; the native memory of SQLite, the JIT and
/// OpenSSL then spreads over a dozen arenas whose freed pages stay with the process. Measured on the embedded default
/// (issue 21, 2 cores): about 15 MB less working set within the first idle minutes, the largest single share of the
/// growth that followed the start-up trim. The managed heap is not malloc's, so the help desk and the inbox hardly
/// contend on the two arenas. <c>MALLOC_ARENA_MAX</c> in the environment wins: glibc has read it already, and this
/// leaves it alone.
/// </summary>
internal static class MallocArenas
{
    /// <summary>The number of arenas: one for the main thread's start-up, one more so two busy threads need not wait.</summary>
    public const int Limit = 2;

    /// <summary>glibc's own setting, read by glibc at start; when it is set, it is the operator's choice.</summary>
    public const string Variable = "MALLOC_ARENA_MAX";

    // mallopt's parameter number for the arena limit (malloc.h).
    private const int ArenaMax = -8;

    /// <summary>Sets the limit unless <paramref name="variable"/> (the value of <see cref="Variable"/>) is set; true when it did.</summary>
    public static bool Apply(string? variable)
    {
        if (!OperatingSystem.IsLinux() || variable is not null)
        {
            return false;
        }

        try
        {
            return NativeMethods.Mallopt(ArenaMax, Limit) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no arenas to cap).
            return false;
        }
    }

    private static class NativeMethods
    {
        // DllImport, not LibraryImport: blittable arguments need no generated marshalling, and no unsafe code.
#pragma warning disable SYSLIB1054
        [DllImport("libc", EntryPoint = "mallopt")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int Mallopt(int parameter, int value);
#pragma warning restore SYSLIB1054
    }
}
