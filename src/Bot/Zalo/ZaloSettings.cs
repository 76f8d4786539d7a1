using System.Text.RegularExpressions;
using ChildCare.Core.Configuration;

namespace ChildCare.Bot.Zalo;

/// <summary>
/// Validated <c>Zalo:</c> settings (see docs/zalo.md). Off unless <c>Zalo:Enabled</c> is true; when on, every
/// key the channel needs must be set, and a bad one stops the start with a sentence naming it.
/// <see cref="ToString"/> never shows a secret or a token.
/// </summary>
internal sealed partial record ZaloSettings(
    bool Enabled,
    string? OaId,
    string? AppId,
    string? SecretKey,
    string? AppSecret,
    string? AccessToken,
    string? RefreshToken,
    TimeSpan InitialTokenLifetime,
    Uri ApiBaseUrl,
    Uri OAuthBaseUrl,
    Uri ZnsBaseUrl,
    string WebhookPath,
    TimeSpan Window,
    TimeSpan FreeWindow,
    bool SendPaidInWindow,
    string? ZnsTemplateId,
    string ZnsTemplateParameter,
    TimeSpan RefreshBefore,
    double PerSecond,
    TimeSpan RateLimitPause,
    TimeSpan WebhookMaxAge,
    TimeSpan RequestTimeout)
{
    public const string Section = "Zalo";
    public const string DefaultWebhookPath = "/zalo/webhook";
    public const int MaxTextLength = 2000;
    public const int MaxButtons = 5;
    public const int MaxButtonTitle = 100;

    public static ZaloSettings Read(IConfiguration configuration)
    {
        var enabled = SettingsReader.Flag(configuration, "Zalo:Enabled", false);
        var oaId = Id(configuration, "Zalo:OaId");
        var appId = Id(configuration, "Zalo:AppId");
        var secretKey = Secret(configuration, "Zalo:SecretKey");
        var appSecret = Secret(configuration, "Zalo:AppSecret");
        var accessToken = Secret(configuration, "Zalo:AccessToken");
        var refreshToken = Secret(configuration, "Zalo:RefreshToken");
        if (enabled)
        {
            Require(oaId, "Zalo:OaId", "the Official Account's id (digits), from the OA's settings");
            Require(appId, "Zalo:AppId", "the application's id (digits), from Zalo for Developers");
            Require(secretKey, "Zalo:SecretKey", "the OA secret key shown in the application's webhook settings; it checks the events' signatures");
            Require(appSecret, "Zalo:AppSecret", "the application's secret key; it refreshes the OA access token");
            Require(refreshToken, "Zalo:RefreshToken", "the refresh token Zalo gave when the OA authorised the application (used once, then replaced by the stored one)");
        }

        var path = SettingsReader.Text(configuration, "Zalo:WebhookPath") ?? DefaultWebhookPath;
        if (!PathPattern().IsMatch(path))
        {
            throw new ConfigurationException("Zalo:WebhookPath", "is not a path; expected '/' followed by letters, digits, '-', '_' or '/', for example /zalo/webhook.");
        }

        var windowHours = SettingsReader.WholeNumber(configuration, "Zalo:WindowHours", 168, 1, 24 * 30);
        var freeHours = SettingsReader.WholeNumber(configuration, "Zalo:FreeWindowHours", 48, 0, 24 * 30);
        if (freeHours > windowHours)
        {
            throw new ConfigurationException("Zalo:FreeWindowHours", $"is {freeHours}, longer than Zalo:WindowHours ({windowHours}); the free part lies inside the window.");
        }

        var template = SettingsReader.Text(configuration, "Zalo:ZnsTemplateId");
        if (template is not null && !IdPattern().IsMatch(template) && !TemplatePattern().IsMatch(template))
        {
            throw new ConfigurationException("Zalo:ZnsTemplateId", "is not a ZNS template id; expected letters and digits as Zalo gives it.");
        }

        var parameter = SettingsReader.Text(configuration, "Zalo:ZnsTemplateParameter") ?? "noi_dung";
        if (!TemplatePattern().IsMatch(parameter))
        {
            throw new ConfigurationException("Zalo:ZnsTemplateParameter", "is not a template parameter name; expected letters, digits and '_'.");
        }

        return new ZaloSettings(
            enabled,
            oaId,
            appId,
            secretKey,
            appSecret,
            accessToken,
            refreshToken,
            TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, "Zalo:AccessTokenLifetimeSeconds", 0, 0, 30 * 24 * 3600)),
            Base(configuration, "Zalo:ApiBaseUrl", "https://openapi.zalo.me/"),
            Base(configuration, "Zalo:OAuthBaseUrl", "https://oauth.zaloapp.com/"),
            Base(configuration, "Zalo:ZnsBaseUrl", "https://business.openapi.zalo.me/"),
            path,
            TimeSpan.FromHours(windowHours),
            TimeSpan.FromHours(freeHours),
            SettingsReader.Flag(configuration, "Zalo:SendPaidInWindow", true),
            template,
            parameter,
            TimeSpan.FromMinutes(SettingsReader.WholeNumber(configuration, "Zalo:RefreshBeforeMinutes", 10, 1, 600)),
            SettingsReader.Number(configuration, "Zalo:PerSecond", 5, 0.1, 1000),
            TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, "Zalo:RateLimitPauseSeconds", 60, 1, 3600)),
            TimeSpan.FromMinutes(SettingsReader.WholeNumber(configuration, "Zalo:WebhookMaxAgeMinutes", 730, 1, 7 * 24 * 60)),
            TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, "Zalo:RequestTimeoutSeconds", 15, 1, 300)));
    }

    public override string ToString() =>
        $"ZaloSettings {{ Enabled = {Enabled}, OaId = {OaId ?? "not set"}, AppId = {AppId ?? "not set"}, SecretKey = {Set(SecretKey)}, AppSecret = {Set(AppSecret)}, "
        + $"AccessToken = {Set(AccessToken)}, RefreshToken = {Set(RefreshToken)}, ApiBaseUrl = {ApiBaseUrl}, WebhookPath = {WebhookPath}, Window = {Window}, ZnsTemplateId = {ZnsTemplateId ?? "not set"} }}";

    private static string Set(string? value) => value is null ? "not set" : "set";

    private static void Require(string? value, string key, string what)
    {
        if (value is null)
        {
            throw new ConfigurationException(key, $"is not set; it is required when Zalo:Enabled is true ({what}).");
        }
    }

    private static string? Id(IConfiguration configuration, string key)
    {
        var value = SettingsReader.Text(configuration, key);
        return value is null || IdPattern().IsMatch(value) ? value : throw new ConfigurationException(key, "is not a Zalo id; expected 1 to 30 digits.");
    }

    private static string? Secret(IConfiguration configuration, string key)
    {
        var value = SettingsReader.Text(configuration, key);
        // Never echo the value: a secret with a typo is still mostly a secret.
        return value is null || SecretPattern().IsMatch(value) ? value : throw new ConfigurationException(key, "is not valid (the value is not shown); expected 8 to 2048 characters from A-Z, a-z, 0-9, '_', '-', '.' and '='.");
    }

    private static Uri Base(IConfiguration configuration, string key, string fallback)
    {
        var url = SettingsReader.Url(configuration, key, "http", "https") ?? new Uri(fallback);
        return url.AbsolutePath.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }

    [GeneratedRegex("^[0-9]{1,30}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex TemplatePattern();

    [GeneratedRegex("^[A-Za-z0-9_.=-]{8,2048}$")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("^/[A-Za-z0-9/_-]{1,100}$")]
    private static partial Regex PathPattern();
}
