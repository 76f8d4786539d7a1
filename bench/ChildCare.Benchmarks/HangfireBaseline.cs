using System.Diagnostics;
using ChildCare.FakeTelegram;
using Hangfire;
using Hangfire.InMemory;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace ChildCare.Benchmarks;

/// <summary>
/// The design a .NET team would write first, for comparison only (it lives here, never in the product): one
/// Hangfire job per message (in-memory storage, default workers, default automatic retries), each calling
/// Telegram.Bot's <c>SendMessage</c> with Telegram.Bot's own 429 handling (RetryCount 3: it waits
/// retry_after and tries again, then throws, and Hangfire retries the job later).
/// </summary>
internal static class HangfireBaseline
{
    public sealed record Outcome(int Messages, int Delivered, TimeSpan Span, int TooManyRequests, int Duplicates, bool Complete, int Workers);

    public static async Task<Outcome> RunAsync(FakeTelegramServer fake, IReadOnlyList<long> chats, Func<long, string> text, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(fake);
        using var http = new HttpClient();
        var bot = new TelegramBotClient(new TelegramBotClientOptions(fake.Token, fake.BaseUrl.GetLeftPart(UriPartial.Authority)) { RetryCount = 3 }, http);
        var storage = new InMemoryStorage();
        var options = new BackgroundJobServerOptions { Activator = new Activator(new SendJob(bot)) };
        var deliveries = new FakeDeliveries(fake);
        deliveries.Refresh();
        var before = (TooMany: fake.TooManyRequestsSent, deliveries.Duplicates);

        var started = TimeProvider.System.GetUtcNow();
        var clock = Stopwatch.StartNew();
        bool complete;
        using (var server = new BackgroundJobServer(options, storage))
        {
            var client = new BackgroundJobClient(storage);
            foreach (var chat in chats)
            {
                var message = text(chat);
                client.Enqueue<SendJob>(job => job.SendAsync(chat, message));
            }

            complete = await deliveries.WaitForAsync(chats, timeout - clock.Elapsed, "delivered by the Hangfire baseline");
            server.SendStop();
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        var delivered = deliveries.DeliveredTo(chats);
        var last = chats.Where(deliveries.FirstAccepted.ContainsKey).Select(c => deliveries.FirstAccepted[c]).DefaultIfEmpty(started).Max();
        return new Outcome(chats.Count, delivered, last - started, fake.TooManyRequestsSent - before.TooMany, deliveries.Duplicates - before.Duplicates, complete, options.WorkerCount);
    }

    /// <summary>The job: public, as Hangfire finds it by name.</summary>
    public sealed class SendJob(ITelegramBotClient bot)
    {
        public Task SendAsync(long chatId, string text) => bot.SendMessage(chatId, text, ParseMode.Html);
    }

    private sealed class Activator(SendJob job) : JobActivator
    {
        public override object ActivateJob(Type jobType) => jobType == typeof(SendJob) ? job : base.ActivateJob(jobType);
    }
}
