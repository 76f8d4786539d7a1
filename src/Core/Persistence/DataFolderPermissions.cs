using ChildCare.Core.Privacy;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Persistence;

/// <summary>
/// On Linux and macOS, the embedded database's folder is made 0700 and its files (database, WAL, shared memory,
/// key file) 0600: what they hold is about children. A shared folder (sticky, like /tmp) is left as it is, its
/// files are still closed. A key file others may read is named in a warning: the key opens every sealed detail.
/// </summary>
public static partial class DataFolderPermissions
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static void Apply(DatabaseSettings database, PrivacySettings privacy, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(privacy);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (privacy.KeyFile is { } keyFile && File.Exists(keyFile) && (File.GetUnixFileMode(keyFile) & Others) != 0)
        {
            LogKeyFileOpen(logger, keyFile, Octal(File.GetUnixFileMode(keyFile)));
        }

        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:" || !File.Exists(file))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (folder is not null && (File.GetUnixFileMode(folder) & UnixFileMode.StickyBit) == 0)
        {
            Restrict(folder, OwnerOnlyFolder, logger);
        }

        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" }.Where(File.Exists))
        {
            Restrict(path, OwnerOnlyFile, logger);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Restrict(string path, UnixFileMode mode, ILogger logger)
    {
        try
        {
            if ((File.GetUnixFileMode(path) & ~mode & ~UnixFileMode.SetGroup) != 0)
            {
                File.SetUnixFileMode(path, mode);
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            LogCannotRestrict(logger, path, e.GetType().Name);
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');

    [LoggerMessage(Level = LogLevel.Warning, Message = "Privacy: the key file {Path} can be read by other users of this machine (mode {Mode}); it opens every sealed case detail: run chmod 600 on it")]
    private static partial void LogKeyFileOpen(ILogger logger, string path, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Privacy: could not make {Path} private to this user ({Error}); restrict it by hand")]
    private static partial void LogCannotRestrict(ILogger logger, string path, string error);
}
