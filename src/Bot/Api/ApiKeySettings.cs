using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ChildCare.Bot.Admin;
using ChildCare.Core.Cases;
using ChildCare.Core.Configuration;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Api;

/// <summary>
/// The integrations that may read cases (<c>Api:Keys</c>): each has a name (recorded as <c>api:&lt;name&gt;</c> in
/// the record of every case it opens), a key sent in <c>X-Api-Key</c>, and the units it may read, each with
/// the units below it (<c>*</c>: all). Only SHA-256 hashes of the keys are kept in memory after start-up.
/// </summary>
internal sealed partial class ApiKeySettings
{
    public const string SectionKey = "Api:Keys";
    public const int MinKeyLength = 24;
    private const int MaxNameLength = 40;

    private ApiKeySettings(IReadOnlyList<ApiKeyGrant> keys) => Keys = keys;

    public IReadOnlyList<ApiKeyGrant> Keys { get; }

    public static ApiKeySettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionKey);
        var entries = section.GetChildren().ToList();
        if (entries.Count == 0 && !string.IsNullOrWhiteSpace(section.Value))
        {
            throw new ConfigurationException(SectionKey, "is a single value; expected a list of keys, each with Name, Key and Units (Api:Keys:0:Name, Api:Keys:0:Key, Api:Keys:0:Units:0...).");
        }

        var admin = SettingsReader.Text(configuration, "Admin:ApiKey");
        var keys = new List<ApiKeyGrant>();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var at = $"{SectionKey}:{entry.Key}";

            // The value is never part of a message: an error names the setting, not the secret.
            var key = SettingsReader.Text(configuration, at + ":Key")
                ?? throw new ConfigurationException(at + ":Key", "is missing; set a random key of at least 24 characters, e.g. from `openssl rand -base64 32`.");
            if (key.Length < MinKeyLength)
            {
                throw new ConfigurationException(at + ":Key", $"is too short (the value is not shown); use at least {MinKeyLength} random characters, e.g. from `openssl rand -base64 32`.");
            }

            if (values.TryGetValue(key, out var same))
            {
                throw new ConfigurationException(at + ":Key", $"is the same as {same}:Key (the value is not shown); each integration needs its own key.");
            }

            if (key == admin)
            {
                throw new ConfigurationException(at + ":Key", "is the same as Admin:ApiKey (the value is not shown); a key that reads cases must not also administer.");
            }

            var name = SettingsReader.Text(configuration, at + ":Name")
                ?? throw new ConfigurationException(at + ":Name", "is missing; every key needs a name, recorded as api:<name> in the record of every case it reads.");
            if (!NameShape().IsMatch(name))
            {
                throw new ConfigurationException(at + ":Name", $"is '{name}'; expected 1-{MaxNameLength} letters, digits, '.', '_' or '-'.");
            }

            if (names.TryGetValue(name, out var earlier))
            {
                throw new ConfigurationException(at + ":Name", $"is '{name}', like {earlier}:Name; each key needs its own name so that case records tell readers apart.");
            }

            names[name] = at;
            values[key] = at;
            keys.Add(new ApiKeyGrant(name, SHA256.HashData(Encoding.UTF8.GetBytes(key)), ReadUnits(entry.GetSection("Units"), at + ":Units"),
                SettingsReader.Flag(configuration, at + ":Details", fallback: false)));
        }

        return new ApiKeySettings(keys);
    }

    /// <summary>
    /// The key presented, if it is one of ours. Every configured key is compared, each in constant time over
    /// equal-length hashes, so neither the time nor the position of a match tells anything about the keys.
    /// </summary>
    public ApiKeyGrant? Match(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        ApiKeyGrant? found = null;
        foreach (var key in Keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                found = key;
            }
        }

        return found;
    }

    public string Describe() => Keys.Count switch
    {
        0 => $"cases for signed-in officials; no integration keys ({SectionKey} empty)",
        _ => string.Create(CultureInfo.InvariantCulture, $"cases for signed-in officials and {Keys.Count} integration key(s) in the {AdminSettings.HeaderName} header: {string.Join(", ", Keys.Select(k => $"{k.Name} ({string.Join(", ", k.Units)})"))}"),
    };

    public override string ToString() => $"ApiKeySettings {{ Keys = {Keys.Count} (values not shown) }}";

    /// <summary>Units the keys name that the database does not know: a typo there reads nothing, silently.</summary>
    public async Task<IReadOnlyList<(string Key, string Unit)>> UnknownUnitsAsync(IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var named = Keys.SelectMany(k => k.Units.Where(u => u != CaseViewer.AllUnits).Select(u => (Key: k.Name, Unit: u))).ToList();
        var codes = named.Select(n => n.Unit).Distinct().ToList();
        var known = await db.Units.AsNoTracking().Where(u => codes.Contains(u.Code)).Select(u => u.Code).ToListAsync(cancellationToken);
        return [.. named.Where(n => !known.Contains(n.Unit))];
    }

    private static List<string> ReadUnits(IConfigurationSection units, string at)
    {
        // A list (Units:0, Units:1...) or, handy in an environment variable, one value separated by commas.
        var listed = units.GetChildren().ToList();
        var codes = (listed.Count > 0 ? listed.Select(u => (Key: u.Path, Value: u.Value)) : (units.Value ?? "").Split(',').Select(v => (Key: at, Value: (string?)v)))
            .Select(u => (u.Key, Value: u.Value?.Trim() ?? ""))
            .Where(u => u.Value.Length > 0)
            .ToList();
        if (codes.Count == 0)
        {
            throw new ConfigurationException(at, $"is empty; list the unit codes this key may read (each with the units below it), e.g. [\"thanh-hoa\", \"quang-ninh/cam-dong\"], or \"{CaseViewer.AllUnits}\" for all.");
        }

        foreach (var (key, code) in codes.Where(c => c.Value != CaseViewer.AllUnits && !UnitShape().IsMatch(c.Value)))
        {
            throw new ConfigurationException(key, $"is '{code}'; expected a unit code such as 'thanh-hoa' or 'quang-ninh/cam-dong' (no spaces, no leading or trailing '/', at most {Core.Units.Unit.MaxCodeLength} characters), or \"{CaseViewer.AllUnits}\".");
        }

        return [.. codes.Select(c => c.Value).Distinct(StringComparer.Ordinal)];
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex NameShape();

    [GeneratedRegex(@"^(?=.{1,200}$)[^\s/]+(/[^\s/]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex UnitShape();
}

/// <summary>One integration key: its name, the SHA-256 of the key, and the units it may read.</summary>
/// <summary><c>Details</c>: whether the integration may read what identifies a child or a reporter (off unless set).</summary>
internal sealed record ApiKeyGrant(string Name, byte[] Hash, IReadOnlyList<string> Units, bool Details = false)
{
    public CaseViewer Viewer() => CaseViewer.ForApiKey(Name, Units, Details);

    public override string ToString() => $"ApiKeyGrant {{ Name = {Name}, Units = {string.Join(", ", Units)} }}";
}
