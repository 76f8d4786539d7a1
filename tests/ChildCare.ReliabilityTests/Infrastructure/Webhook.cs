using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>Posts bodies to a Bot's <c>POST /telegram/webhook</c> as Telegram does, with the secret header (none when null).</summary>
internal sealed class Webhook(HttpClient client, string? secret)
{
    public const string Path = "telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    // Far above the ids a test generates itself, and within Telegram's update_id (a 32-bit integer in Telegram.Bot's
    // Update; the webhook skips anything larger as not an update).
    private long _nextUpdateId = 1_900_000_000;

    /// <summary>Posts an update with the next update_id; returns the answer's status (0: no answer).</summary>
    public Task<int> PostAsync(JsonObject update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return PostRawAsync(update.WithId(Interlocked.Increment(ref _nextUpdateId)).ToJsonString());
    }

    /// <summary>Posts any body (it need not be JSON); returns the answer's status (0: no answer).</summary>
    public Task<int> PostRawAsync(string body) => PostRawAsync(Encoding.UTF8.GetBytes(body));

    /// <summary>Posts any bytes (they need not be UTF-8) as application/json; returns the answer's status (0: no answer).</summary>
    public async Task<int> PostRawAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Path, UriKind.Relative)) { Content = content };
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation(SecretHeader, secret);
        }

        try
        {
            using var response = await client.SendAsync(request);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException)
        {
            return 0;
        }
    }

    public static bool IsServerError(int status) => status is 0 or >= (int)HttpStatusCode.InternalServerError;
}
