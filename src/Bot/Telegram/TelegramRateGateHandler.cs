using System.Net;
using ChildCare.Core.Messaging;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// Inside the resilience pipeline, so every attempt passes it: a message method waits for the bot's overall
/// rate (<see cref="SendRateGate"/>), and a 429 pauses all sending for its retry_after. Error bodies are
/// buffered, so the pipeline and Telegram.Bot can both read them.
/// </summary>
/// <param name="settings">The cap on retry_after.</param>
/// <param name="gate">The bot's overall message rate; absent where nothing sends messages.</param>
internal sealed class TelegramRateGateHandler(TelegramSettings settings, SendRateGate? gate = null) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (gate is not null && TelegramResilience.IsMessageMethod(TelegramResilience.MethodOf(request)))
        {
            await gate.WaitAsync(cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
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
