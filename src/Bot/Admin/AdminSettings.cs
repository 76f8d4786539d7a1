using ChildCare.Core.Configuration;

namespace ChildCare.Bot.Admin;

/// <summary>
/// Who may use <c>/api/admin</c>: callers presenting <c>Admin:ApiKey</c> in the <c>X-Api-Key</c> header, or,
/// when no key is set (the embedded default), callers on this machine only.
/// </summary>
internal sealed record AdminSettings(string? ApiKey)
{
    public const string HeaderName = "X-Api-Key";

    public static AdminSettings Read(IConfiguration configuration)
    {
        var key = SettingsReader.Text(configuration, "Admin:ApiKey");
        if (key is { Length: < 24 })
        {
            throw new ConfigurationException("Admin:ApiKey", "is too short (the value is not shown); use at least 24 random characters, e.g. from `openssl rand -base64 32`.");
        }

        return new AdminSettings(key);
    }

    public string Describe() => ApiKey is null
        ? "from this machine only (no Admin:ApiKey set)"
        : $"requires the {HeaderName} header (Admin:ApiKey)";

    public override string ToString() => $"AdminSettings {{ ApiKey = {(ApiKey is null ? "not set" : "set")} }}";
}
