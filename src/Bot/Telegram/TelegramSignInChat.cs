using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Chat;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// <c>/login</c> on Telegram: a one-time sign-in link for an official, or a polite no. The link is sent here and now
/// rather than through the outbox, whose rows keep their text: the database holds only the token's hash, so a copy
/// of it opens nothing. Should the update be handled again after a crash, the new link replaces this one.
/// </summary>
internal sealed partial class TelegramSignInChat(
    ITelegramBotClient client,
    OfficialSignIn signIn,
    WebSettings web,
    TimeProvider time,
    ILogger<TelegramSignInChat> logger) : IChatFeature
{
    /// <summary>How often a sign-in link is tried when Telegram says "too many requests".</summary>
    private const int SignInAttempts = 4;

    public ChatRoutes Routes { get; } = new("telegram sign-in", [new("login"), new("dangnhap")], [], Channels: [OutboxMessage.TelegramChannel]);

    public async Task<ChatOutcome?> HandleAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ChatOutcome(Routes.Feature, await SignInAsync(request.Person, cancellationToken));
    }

    private async Task<IReadOnlyList<OutboundMessage>> SignInAsync(ChatPerson person, CancellationToken cancellationToken)
    {
        var link = await signIn.IssueLinkAsync(OutboxMessage.TelegramChannel, person.ChatId, cancellationToken);
        if (link is null)
        {
            return [new OutboundMessage(person.ChatId, BotTexts.Get("LoginNotOfficial", person.Language), MessagePriority.Reply, MessagePurposes.SignIn)];
        }

        var text = BotTexts.Format("LoginLink", person.Language,
            MessageHtml.Escape(web.Link(SignInEndpoints.PagePath + "/" + link.Token).AbsoluteUri), (int)OfficialSignIn.LinkLifetime.TotalMinutes);
        // Not through the outbox, so not behind its per-chat pacing either: the reply just before may still hold the
        // chat's one message a second. A 429 here is waited out (a few times) rather than failing the update, which
        // would issue a second link.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // No preview: a preview is Telegram's servers opening the link, which would spend it.
                await client.SendMessage(person.ChatId, text, ParseMode.Html, linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, protectContent: true, cancellationToken: cancellationToken);
                return [];
            }
            catch (ApiRequestException e) when (e.IsRateLimited() && attempt < SignInAttempts)
            {
                await Task.Delay(e.RetryAfter() ?? TimeSpan.FromSeconds(1), time, cancellationToken);
            }
            catch (ApiRequestException e) when (e.IsChatUnreachable())
            {
                LogSignInUndelivered(e.ErrorCode);
                return [];
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram: a sign-in link could not be delivered ({ErrorCode}); the chat is unreachable")]
    private partial void LogSignInUndelivered(int errorCode);
}
