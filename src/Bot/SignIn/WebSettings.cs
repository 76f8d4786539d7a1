using System.Net;
using ChildCare.Core.Configuration;

namespace ChildCare.Bot.SignIn;

/// <summary>
/// How people reach this service from outside: <c>Web:PublicBaseUrl</c> is the address the bot writes into
/// sign-in links (behind a proxy, the proxy's address, not the one Kestrel listens on). <c>Web:KnownProxies</c>
/// (addresses) and <c>Web:KnownNetworks</c> (CIDR ranges) are the proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed; from anyone else those headers are ignored.
/// </summary>
internal sealed record WebSettings(Uri PublicBaseUrl, IReadOnlyList<IPAddress> KnownProxies, IReadOnlyList<IPNetwork> KnownNetworks, bool IsConfigured = true)
{
    public const string PublicBaseUrlKey = "Web:PublicBaseUrl";
    public const string KnownProxiesKey = "Web:KnownProxies";
    public const string KnownNetworksKey = "Web:KnownNetworks";

    public static WebSettings Read(IConfiguration configuration)
    {
        var configured = SettingsReader.Url(configuration, PublicBaseUrlKey, "http", "https");
        var url = configured ?? new Uri("http://localhost:5080");
        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw new ConfigurationException(PublicBaseUrlKey, $"is '{url}'; expected an address without a query or fragment, e.g. https://childcare.example.gov.vn.");
        }

        var proxies = List(configuration, KnownProxiesKey).Select(p => IPAddress.TryParse(p.Value, out var address)
            ? address
            : throw new ConfigurationException(p.Key, $"is '{p.Value}'; expected the IP address of a reverse proxy, e.g. 127.0.0.1 or 10.0.0.5.")).ToList();
        var networks = List(configuration, KnownNetworksKey).Select(p => IPNetwork.TryParse(p.Value, out var network)
            ? network
            : throw new ConfigurationException(p.Key, $"is '{p.Value}'; expected a network in CIDR notation, e.g. 10.0.0.0/24.")).ToList();
        return new WebSettings(url, proxies, networks, configured is not null);
    }

    /// <summary>Whether people reach the service over HTTPS (then cookies are Secure and <c>__Host-</c>, and HSTS is sent).</summary>
    public bool IsHttps => PublicBaseUrl.Scheme == Uri.UriSchemeHttps;

    /// <summary>Whether forwarded headers are believed from anyone (only from the configured proxies).</summary>
    public bool HasProxies => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    /// <summary>An address under the public base, keeping any path prefix of it.</summary>
    public Uri Link(string path) => new((ListeningOn ?? PublicBaseUrl).AbsoluteUri.TrimEnd('/') + "/" + path.TrimStart('/'));

    /// <summary>
    /// An address for the person making <paramref name="request"/>: under the public base when one is set, else
    /// under the address they reached us on (a run on another port must not hand out links to a dead one).
    /// </summary>
    public Uri Link(string path, HttpRequest request) => IsConfigured || !request.Host.HasValue
        ? Link(path)
        : new Uri(request.Scheme + "://" + request.Host.Value + request.PathBase.Value?.TrimEnd('/') + "/" + path.TrimStart('/'));

    /// <summary>
    /// Without <c>Web:PublicBaseUrl</c>, the first address Kestrel listens on, set once it started: links made
    /// outside a request (the first administrator's, the bot's /login) point where the service really is.
    /// </summary>
    public Uri? ListeningOn { get; private set; }

    /// <summary>Records where the server listens (called once it started); a configured public address wins.</summary>
    public void Listening(IEnumerable<string> urls)
    {
        if (IsConfigured)
        {
            return;
        }

        var first = urls.Select(u => Uri.TryCreate(u.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>().OrderBy(u => u.Scheme == Uri.UriSchemeHttps ? 1 : 0).FirstOrDefault();
        ListeningOn = first;
    }

    public string DescribeProxies() => HasProxies
        ? $"X-Forwarded-For/-Proto believed from {string.Join(", ", KnownProxies.Select(p => p.ToString()).Concat(KnownNetworks.Select(n => n.ToString())))}"
        : "no proxy configured (Web:KnownProxies): X-Forwarded-* headers are ignored";

    // A list (Web:KnownProxies:0, :1...) or, handy in an environment variable, one value separated by commas.
    private static List<(string Key, string Value)> List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var listed = section.GetChildren().ToList();
        return [.. (listed.Count > 0 ? listed.Select(c => (c.Path, c.Value ?? "")) : (section.Value ?? "").Split(',').Select(v => (key, v)))
            .Select(p => (p.Item1, p.Item2.Trim())).Where(p => p.Item2.Length > 0)];
    }
}
