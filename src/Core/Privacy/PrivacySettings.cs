using ChildCare.Core.Configuration;
using ChildCare.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace ChildCare.Core.Privacy;

/// <summary>
/// The key that seals what people tell us about children (case details, unfinished reports) and keys the
/// reporter's pseudonym. It is never stored in the database: it comes from <c>Privacy:Key</c> or a key file.
/// </summary>
public sealed class PrivacySettings
{
    public const string KeyKey = "Privacy:Key";
    public const string KeyFileKey = "Privacy:KeyFile";
    public const string DefaultKeyFileName = "childcare.key";
    public const int KeyBytes = 32;

    private readonly Lazy<byte[]> _key;

    private PrivacySettings(byte[] key, string source, string? keyFile = null)
        : this(() => key, source, keyFile, makesKey: false)
    {
    }

    // A key file that has to be made is made on first use, after the database: when the data folder cannot
    // be written, the database's own error names the setting to fix.
    private PrivacySettings(Func<byte[]> key, string source, string? keyFile, bool makesKey)
    {
        _key = new Lazy<byte[]>(key, LazyThreadSafetyMode.ExecutionAndPublication);
        Source = source;
        KeyFile = keyFile;
        MakesKey = makesKey;
    }

    /// <summary>
    /// True when the key file did not exist at start and the first use of <see cref="Key"/> makes a new one: right for
    /// a new database, never for one whose values were sealed with a key already (<see cref="PrivacyKeyGuard"/>).
    /// </summary>
    public bool MakesKey { get; }

    /// <summary>The setting an operator changes to give the node another key: <c>Privacy:Key</c> or <c>Privacy:KeyFile</c>.</summary>
    public string Setting => KeyFile is null ? KeyKey : KeyFileKey;

    /// <summary>The key file's full path, when the key comes from one.</summary>
    public string? KeyFile { get; }

    /// <summary>The key itself: the Sealer's, and the root the host derives its key-ring encryption from.</summary>
    public byte[] Key => _key.Value;

    /// <summary>Where the key came from, for the start-up log; never the key.</summary>
    public string Source { get; }

    /// <summary>A settings object with a fresh random key, for tests and in-memory databases.</summary>
    public static PrivacySettings Ephemeral() => new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(KeyBytes), "a random key for this process only");

    /// <exception cref="ConfigurationException">The key is malformed, or missing where it cannot be made.</exception>
    public static PrivacySettings Read(IConfiguration configuration, DatabaseSettings database, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (SettingsReader.Text(configuration, KeyKey) is { } inline)
        {
            return new PrivacySettings(Decode(inline, KeyKey), KeyKey);
        }

        var file = SettingsReader.Text(configuration, KeyFileKey);
        if (file is not null)
        {
            var path = Path.GetFullPath(Path.Combine(contentRoot, file));
            if (database.Provider == DatabaseProvider.Postgres && !File.Exists(path))
            {
                throw new ConfigurationException(KeyFileKey, $"names {path}, which does not exist; every node needs the same key, so create it once (32 random bytes, base64) and give it to each node.");
            }

            return FromFile(path, "");
        }

        if (database.Provider == DatabaseProvider.Postgres)
        {
            throw new ConfigurationException(KeyKey, $"is missing; on PostgreSQL set {KeyKey} (32 random bytes, base64, e.g. from 'openssl rand -base64 32') or {KeyFileKey}, the same on every node, and keep it out of the database and its backups.");
        }

        var sqlite = new SqliteConnectionStringBuilder(database.ConnectionString);
        var dataSource = sqlite.DataSource;
        if (dataSource == ":memory:" || sqlite.Mode == SqliteOpenMode.Memory)
        {
            return Ephemeral();
        }

        // The embedded default: a key file beside the database file, made on first start.
        var beside = Path.Combine(Path.GetDirectoryName(dataSource) ?? contentRoot, DefaultKeyFileName);
        return FromFile(beside, " (made on first start)");
    }

    // A key file that exists is read now, so a malformed one stops start-up; a missing one is made on first use.
    private static PrivacySettings FromFile(string path, string whenMade) =>
        File.Exists(path)
            ? new PrivacySettings(Decode(File.ReadAllText(path), KeyFileKey), $"key file {path}", path)
            : new PrivacySettings(() => Create(path, KeyFileKey), $"key file {path}{whenMade}", path, makesKey: true);

    private static byte[] Decode(string text, string key)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException e)
        {
            throw new ConfigurationException(key, $"is not base64; expected {KeyBytes} random bytes in base64 (e.g. from 'openssl rand -base64 32').", e);
        }

        return bytes.Length == KeyBytes
            ? bytes
            : throw new ConfigurationException(key, $"holds {bytes.Length} bytes; expected {KeyBytes} random bytes in base64 (e.g. from 'openssl rand -base64 32').");
    }

    // Written whole under a name of its own, flushed to the disk, then given its name (a link, which fails when the name
    // is taken): a start stopped half way, or a machine that lost power, never leaves a half-written key file that the
    // next start would refuse, and two processes starting at once keep one key.
    private static byte[] Create(string path, string key)
    {
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(KeyBytes);
        var written = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(written, options))
            {
                stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes)));
                stream.Flush(flushToDisk: true);
            }

            File.Move(written, path, overwrite: false);
            return bytes;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made it first: use theirs.
            Forget(written);
            return Decode(File.ReadAllText(path), key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Forget(written);
            throw new ConfigurationException(key, $"could not be created at {path} ({e.GetType().Name}); set {KeyKey} or point {KeyFileKey} at a writable place.", e);
        }
    }

    private static void Forget(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: it holds a key nobody uses.
        }
    }
}
