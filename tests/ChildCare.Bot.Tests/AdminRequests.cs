using System.Net.Http.Json;

namespace ChildCare.Bot.Tests;

/// <summary>
/// Calls to <c>/api/admin</c> as an integration: with the <see cref="ChildCareAppFactory.AdminKey"/> every test app
/// is given. The address a request comes from gives no right, so every administration call carries the key.
/// </summary>
internal static class AdminRequests
{
    public static Task<HttpResponseMessage> AdminPostAsJsonAsync<T>(this HttpClient client, string url, T body) =>
        SendAsync(client, HttpMethod.Post, new Uri(url, UriKind.Relative), JsonContent.Create(body));

    public static Task<HttpResponseMessage> AdminPutAsJsonAsync<T>(this HttpClient client, string url, T body) =>
        client.AdminPutAsJsonAsync(new Uri(url, UriKind.Relative), body);

    public static Task<HttpResponseMessage> AdminPutAsJsonAsync<T>(this HttpClient client, Uri url, T body) =>
        SendAsync(client, HttpMethod.Put, url, JsonContent.Create(body));

    public static Task<HttpResponseMessage> AdminDeleteAsync(this HttpClient client, Uri url) => SendAsync(client, HttpMethod.Delete, url, null);

    public static Task<HttpResponseMessage> AdminGetAsync(this HttpClient client, Uri url) => SendAsync(client, HttpMethod.Get, url, null);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, Uri url, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (!client.DefaultRequestHeaders.Contains("X-Api-Key"))
        {
            request.Headers.Add("X-Api-Key", ChildCareAppFactory.AdminKey);
        }

        return await client.SendAsync(request);
    }
}
