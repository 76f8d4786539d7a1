using ChildCare.Bot.Resources;
using ChildCare.Core.Localization;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// Introduces the bot to Telegram once it runs: checks the token (getMe), publishes the command lists in
/// Vietnamese and English, and sets or removes the webhook. Telegram being down at start-up is not fatal:
/// it keeps trying in the background.
/// </summary>
internal sealed partial class TelegramStartup(ITelegramBotClient client, TelegramSettings settings, TelegramBotIdentity identity, TimeProvider time, ILogger<TelegramStartup> logger) : BackgroundService
{
    // The command names differ by language where Vietnamese users expect their own word (/baocao, /hanchot, /dangnhap);
    // both names work in both languages. The public's commands first, the officials' after.
    private static readonly (string Command, string Text)[] Vietnamese =
    [
        ("start", "CommandStart"), ("menu", "CommandMenu"), ("baocao", "CommandReport"), ("tongdai", "CommandContacts"),
        ("status", "CommandStatus"), ("language", "CommandLanguage"), ("cancel", "CommandCancel"), ("help", "CommandHelp"),
        ("hanchot", "CommandDeadlines"), ("dangnhap", "CommandLogin"), ("join", "CommandJoin"), ("unsubscribe", "CommandUnsubscribe"),
    ];

    private static readonly (string Command, string Text)[] English =
    [
        ("start", "CommandStart"), ("menu", "CommandMenu"), ("report", "CommandReport"), ("contacts", "CommandContacts"),
        ("status", "CommandStatus"), ("language", "CommandLanguage"), ("cancel", "CommandCancel"), ("help", "CommandHelp"),
        ("deadlines", "CommandDeadlines"), ("login", "CommandLogin"), ("join", "CommandJoin"), ("unsubscribe", "CommandUnsubscribe"),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(5);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await IntroduceAsync(stoppingToken);
                return;
            }
            catch (ApiRequestException e) when (e.IsUnauthorized())
            {
                LogTokenRefused();
                return;
            }
            catch (RequestException e)
            {
                LogRetry(e.Message, delay.TotalSeconds);
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(300, delay.TotalSeconds * 2));
            }
        }
    }

    private async Task IntroduceAsync(CancellationToken cancellationToken)
    {
        var me = await client.GetMe(cancellationToken);
        identity.Username = me.Username;
        LogConnected(me.Username ?? me.FirstName, settings.Mode.ToString());
        foreach (var language in new[] { Language.Vi, Language.En })
        {
            var commands = (language == Language.En ? English : Vietnamese).Select(c => new BotCommand(c.Command, BotTexts.Get(c.Text, language)));
            // Vietnamese is the default list; English for clients set to English.
            await client.SetMyCommands(commands, BotCommandScope.Default(), language == Language.En ? "en" : null, cancellationToken);
        }

        if (settings.Mode == TelegramMode.Webhook)
        {
            await client.SetWebhook(settings.WebhookUrl!.AbsoluteUri, allowedUpdates: TelegramUpdatesRequest.Handled, secretToken: settings.WebhookSecret, cancellationToken: cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram: connected as @{Bot}, receiving by {Mode}")]
    private partial void LogConnected(string bot, string mode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telegram: the API refused Telegram:BotToken (401 Unauthorized); nothing will be sent or received until it is corrected")]
    private partial void LogTokenRefused();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram: cannot reach the Bot API yet ({Reason}); trying again in {Seconds} s")]
    private partial void LogRetry(string reason, double seconds);
}
