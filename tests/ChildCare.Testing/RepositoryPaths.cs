namespace ChildCare.Testing;

/// <summary>Finds the repository and the build output of its programs from a test's base directory.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the tests themselves were built in.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The shared/ folder that stands beside the repository (domain docs, Telegram spec).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>The built DLL of a program under src/, e.g. ("Bot", "ChildCare.Bot").</summary>
    public static string ProgramDll(string project, string assembly) =>
        Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", assembly + ".dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChildCare.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ChildCare.sln above {AppContext.BaseDirectory}.");
    }
}
