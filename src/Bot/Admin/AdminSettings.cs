using ChildCare.Core.Configuration;

namespace ChildCare.Bot.Admin;

/// <summary>
/// The key for integrations that use <c>/api/admin</c> (<c>Admin:ApiKey</c>, sent in the <c>X-Api-Key</c> header).
/// Signed-in administrators use the API without it; with neither, it answers 401 (see <see cref="AdminAccess"/>).
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
        ? "for signed-in administrators only (no Admin:ApiKey set for integrations)"
        : $"for signed-in administrators and integrations sending Admin:ApiKey in the {HeaderName} header";

    public override string ToString() => $"AdminSettings {{ ApiKey = {(ApiKey is null ? "not set" : "set")} }}";
}
