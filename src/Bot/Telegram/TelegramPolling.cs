using ChildCare.Core.Hosting;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// Long polling: getUpdates, store the batch in the inbox, then ask for the next batch with an offset past
/// it, which is what confirms the batch to Telegram. A crash before the next call means Telegram sends the
/// batch again, and the inbox drops the copies. One node polls at a time (Telegram allows one consumer).
/// </summary>
internal sealed partial class TelegramPolling(
    ITelegramBotClient client,
    TelegramSettings settings,
    Inbox inbox,
    DatabaseSettings database,
    TimeProvider time,
    ILogger<TelegramPolling> logger) : LeaderService("polls Telegram", LeaderLock.PollingKey, database, time, logger)
{
    protected override Task LeadAsync(CancellationToken cancellationToken) => PollAsync(cancellationToken);

    protected override TimeSpan OnFailure(Exception exception)
    {
        if (exception is RequestException e)
        {
            LogPollFailed(e.GetType().Name, e.Message);
        }
        else
        {
            // Most often the database is unreachable (restarting) while a batch is stored. The batch was not
            // confirmed, so Telegram sends it again.
            LogStoreFailed(exception.GetType().Name);
        }

        return TimeSpan.FromSeconds(5);
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        // getUpdates answers 409 while a webhook is set.
        await client.DeleteWebhook(dropPendingUpdates: false, cancellationToken);
        var last = await inbox.LastUpdateIdAsync(TelegramUpdateHandler.ChannelName, cancellationToken);
        long? offset = last + 1;
        var timeout = (int)settings.PollTimeout.TotalSeconds;
        while (!cancellationToken.IsCancellationRequested)
        {
            var updates = await client.SendRequest(
                new TelegramUpdatesRequest { Offset = offset, Limit = 100, Timeout = timeout, AllowedUpdates = TelegramUpdatesRequest.Handled },
                cancellationToken);
            if (updates.Length == 0)
            {
                continue;
            }

            var batch = new List<(long, long?, string)>(updates.Length);
            foreach (var raw in updates)
            {
                if (TelegramInbound.TryRead(raw, out var update))
                {
                    batch.Add((update.Id, TelegramInbound.ChatOf(update), raw.GetRawText()));
                    offset = Math.Max(offset ?? 0, update.Id + 1L);
                }
                else
                {
                    // Past it all the same: Telegram would send it on every poll, and it will never read.
                    if (raw.ValueKind == System.Text.Json.JsonValueKind.Object && raw.TryGetProperty("update_id", out var id) && id.TryGetInt64(out var skipped))
                    {
                        offset = Math.Max(offset ?? 0, skipped + 1);
                    }

                    LogMalformed();
                }
            }

            await inbox.AcceptAsync(TelegramUpdateHandler.ChannelName, batch, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram: getUpdates returned an update that does not read (no update_id, or a field of the wrong shape); skipped")]
    private partial void LogMalformed();

    [LoggerMessage(Level = LogLevel.Error, Message = "Telegram: received updates could not be stored ({Error}); polling again in 5 s")]
    private partial void LogStoreFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram: getUpdates failed ({Error}: {Reason}); polling again in 5 s")]
    private partial void LogPollFailed(string error, string reason);
}
