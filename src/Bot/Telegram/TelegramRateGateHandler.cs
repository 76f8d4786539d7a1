using System.Net;
using ChildCare.Core.Messaging;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// Inside the resilience pipeline, so every attempt passes it: a message method waits for the bot's overall
/// rate (<see cref="SendRateGate"/>) and reports when the answer came back, and a 429 pauses all sending for its retry_after. Error bodies are
/// buffered, so the pipeline and Telegram.Bot can both read them.
/// </summary>
/// <param name="settings">The cap on retry_after.</param>
/// <param name="gate">The bot's overall message rate; absent where nothing sends messages.</param>
internal sealed class TelegramRateGateHandler(TelegramSettings settings, SendRateGate? gate = null) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        long? ticket = null;
        if (gate is not null && TelegramResilience.IsMessageMethod(TelegramResilience.MethodOf(request)))
        {
            ticket = await gate.EnterAsync(cancellationToken);
        }

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            // Whatever came back, the request reached the provider before now, if at all: the gate anchors to it.
            if (ticket is { } passed)
            {
                gate!.Answered(passed);
            }
        }

        if (!response.IsSuccessStatusCode)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && gate is not null)
            {
                gate.Pause(await TelegramResilience.RetryAfterAsync(response, settings.MaxRetryAfter, cancellationToken) ?? TimeSpan.FromSeconds(1));
            }
        }

        return response;
    }
}
