using ChildCare.Core.Configuration;

namespace ChildCare.Bot.SignIn;

/// <summary>
/// How people reach this service from outside: <c>Web:PublicBaseUrl</c> is the address the bot writes into
/// sign-in links (behind a proxy, the proxy's address, not the one Kestrel listens on).
/// </summary>
internal sealed record WebSettings(Uri PublicBaseUrl)
{
    public const string PublicBaseUrlKey = "Web:PublicBaseUrl";

    public static WebSettings Read(IConfiguration configuration)
    {
        var url = SettingsReader.Url(configuration, PublicBaseUrlKey, "http", "https") ?? new Uri("http://localhost:5080");
        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw new ConfigurationException(PublicBaseUrlKey, $"is '{url}'; expected an address without a query or fragment, e.g. https://childcare.example.gov.vn.");
        }

        return new WebSettings(url);
    }

    /// <summary>Whether people reach the service over HTTPS (then the session cookie is Secure even when a proxy talks HTTP to us).</summary>
    public bool IsHttps => PublicBaseUrl.Scheme == Uri.UriSchemeHttps;

    /// <summary>An address under the public base, keeping any path prefix of it.</summary>
    public Uri Link(string path) => new(PublicBaseUrl.AbsoluteUri.TrimEnd('/') + "/" + path.TrimStart('/'));
}
