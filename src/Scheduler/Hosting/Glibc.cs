using System.Runtime.InteropServices;

namespace ChildCare.Scheduler.Hosting;

/// <summary>
/// glibc's malloc, for the two places that tune it: <see cref="MallocSettings"/> before the host starts and
/// <see cref="MemoryTrim"/> after start-up and when idle. Each call returns false where there is no glibc to ask (not Linux,
/// or a C library without these calls, such as musl): there is then nothing to tune.
/// </summary>
internal static class Glibc
{
    /// <summary><c>mallopt(parameter, value)</c>; true when glibc took the setting.</summary>
    public static bool TrySetMallocOption(int parameter, int value) => Call(() => NativeMethods.Mallopt(parameter, value) == 1);

    /// <summary><c>malloc_trim(0)</c>: the free pages of every arena back to the operating system; true when called.</summary>
    public static bool TryTrim() => Call(() =>
    {
        _ = NativeMethods.MallocTrim(0);
        return true;
    });

    private static bool Call(Func<bool> call)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return call();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
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

        [DllImport("libc", EntryPoint = "malloc_trim")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int MallocTrim(nuint pad);
#pragma warning restore SYSLIB1054
    }
}
