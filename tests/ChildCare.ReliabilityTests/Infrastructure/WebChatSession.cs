using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>One browser's web chat (<c>POST /chat/api/send</c>) over a client that keeps the chat cookie.</summary>
internal sealed class WebChatSession(HttpClient client)
{
    public const string GuardHeader = "X-ChildCare-Chat";

    /// <summary>The status of the last answer (200, or 4xx/5xx).</summary>
    public HttpStatusCode LastStatus { get; private set; }

    /// <summary>Sends text (or a button's data) and returns the HTML of each reply; none when the answer is not 200.</summary>
    public async Task<IReadOnlyList<string>> SendAsync(string? text = null, string? button = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("chat/api/send", UriKind.Relative))
        {
            Content = JsonContent.Create(new { text, button }),
        };
        request.Headers.Add(GuardHeader, "1");
        using var response = await client.SendAsync(request);
        LastStatus = response.StatusCode;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [];
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty("replies").EnumerateArray().Select(r => r.GetProperty("html").GetString() ?? "")];
    }

    /// <summary>Writes a whole report (<see cref="ReportScript"/>), sends it and returns its case code.</summary>
    public async Task<string> ReportAsync(string commune, string description)
    {
        await SendAsync(ReportScript.Start);
        foreach (var answer in ReportScript.Answers(commune, description))
        {
            await SendAsync(answer);
        }

        var replies = await SendAsync(button: ReportScript.SendButton);
        return replies.Select(ReportScript.CodeIn).FirstOrDefault(c => c is not null)
            ?? throw new InvalidOperationException($"No case code in the answer to send ({LastStatus}): {string.Join(" | ", replies)}");
    }
}
