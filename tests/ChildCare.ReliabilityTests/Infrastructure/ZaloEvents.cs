using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ChildCare.FakeZalo;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>Posts Zalo events to a Bot node's webhook as Zalo would: signed, and sent again until answered 200.</summary>
internal sealed class ZaloEvents(HttpClient http, FakeZaloServer fake)
{
    public const string Path = "zalo/webhook";

    /// <summary>One post; the status, or 0 when nothing answered.</summary>
    public async Task<int> PostAsync(byte[] body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-ZEvent-Signature", signature);
        }

        try
        {
            using var response = await http.SendAsync(request);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    public Task<int> PostAsync(JsonObject zaloEvent)
    {
        var body = Encoding.UTF8.GetBytes(zaloEvent.ToJsonString());
        return PostAsync(body, fake.Sign(body, zaloEvent["timestamp"]!.GetValue<string>()));
    }

    /// <summary>Zalo sends an event again (for up to 12 hours) until the webhook answers 200: so do we, through a restart.</summary>
    public async Task DeliverAsync(JsonObject zaloEvent, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await PostAsync(zaloEvent) != (int)HttpStatusCode.OK)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException("The webhook did not take the event.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
