using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChildCare.Bot.Zalo;

/// <summary>
/// The three calls of docs/zalo.md: a customer-service message, a ZNS template message and the OAuth refresh.
/// The HTTP client has no logging handlers: request headers carry the access token and secrets.
/// </summary>
internal sealed class ZaloApiClient(HttpClient http, ZaloSettings settings)
{
    public async Task<string?> SendCustomerServiceAsync(string accessToken, JsonObject body, CancellationToken cancellationToken)
    {
        var data = await PostJsonAsync(new Uri(settings.ApiBaseUrl, "v3.0/oa/message/cs"), accessToken, body, cancellationToken);
        return data is { ValueKind: JsonValueKind.Object } d ? ZaloEvent.Scalar(d, "message_id") : null;
    }

    public async Task<string?> SendTemplateAsync(string accessToken, JsonObject body, CancellationToken cancellationToken)
    {
        var data = await PostJsonAsync(new Uri(settings.ZnsBaseUrl, "message/template"), accessToken, body, cancellationToken);
        return data is { ValueKind: JsonValueKind.Object } d ? ZaloEvent.Scalar(d, "msg_id") : null;
    }

    /// <summary>Spends <paramref name="refreshToken"/> (single use) for a new pair.</summary>
    public async Task<(string AccessToken, string RefreshToken, TimeSpan Lifetime)> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.OAuthBaseUrl, "v4/oa/access_token"))
        {
            Content = new FormUrlEncodedContent([
                new("refresh_token", refreshToken),
                new("app_id", settings.AppId ?? ""),
                new("grant_type", "refresh_token"),
            ]),
        };
        request.Headers.TryAddWithoutValidation("secret_key", settings.AppSecret);
        using var answer = await SendAsync(request, cancellationToken);
        var root = answer.RootElement;
        if (root.ValueKind == JsonValueKind.Object
            && ZaloEvent.Scalar(root, "access_token") is { Length: > 0 } access
            && ZaloEvent.Scalar(root, "refresh_token") is { Length: > 0 } refresh
            && long.TryParse(ZaloEvent.Scalar(root, "expires_in"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return (access, refresh, TimeSpan.FromSeconds(Math.Min(seconds, 90L * 24 * 3600)));
        }

        // docs/zalo.md: the failure's shape is unclear; any answer without a new pair is a refusal.
        var code = root.ValueKind == JsonValueKind.Object && int.TryParse(ZaloEvent.Scalar(root, "error"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e) ? e : -1;
        var description = root.ValueKind == JsonValueKind.Object ? ZaloEvent.Scalar(root, "error_name") ?? ZaloEvent.Scalar(root, "message") ?? "no token in the answer" : "no token in the answer";
        throw new ZaloApiException(code == 0 ? -1 : code, Short(description));
    }

    private async Task<JsonElement?> PostJsonAsync(Uri uri, string accessToken, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("access_token", accessToken);
        using var answer = await SendAsync(request, cancellationToken);
        var root = answer.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !int.TryParse(ZaloEvent.Scalar(root, "error"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var error))
        {
            throw new ZaloTransportException("Zalo answered without an error code.");
        }

        if (error != 0)
        {
            throw new ZaloApiException(error, Short(ZaloEvent.Scalar(root, "message") ?? ""));
        }

        return root.TryGetProperty("data", out var data) ? data.Clone() : null;
    }

    private async Task<JsonDocument> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RequestTimeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            if ((int)response.StatusCode >= 500)
            {
                throw new ZaloTransportException($"Zalo answered HTTP {(int)response.StatusCode}.");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await JsonDocument.ParseAsync(stream, cancellationToken: timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw new ZaloTransportException("Zalo could not be reached.", e);
        }
        catch (JsonException e)
        {
            throw new ZaloTransportException("Zalo answered something that is not JSON.", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ZaloTransportException("Zalo did not answer in time.", e);
        }
    }

    private static string Short(string text) => text.Length <= 200 ? text : text[..200];
}
