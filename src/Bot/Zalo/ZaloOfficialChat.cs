using ChildCare.Bot.Resources;
using ChildCare.Core.Chat;
using ChildCare.Core.Conversations;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Plans;

namespace ChildCare.Bot.Zalo;

/// <summary>
/// Officials' commands only Zalo has: <c>/sdt 09…</c> (a phone number for ZNS templates when the window is closed),
/// and <c>/login</c> answered with "sign in elsewhere": Zalo may open a link to preview it, which would spend a
/// one-time sign-in link.
/// </summary>
internal sealed class ZaloOfficialChat(ZaloUsers users, PlanChat officials) : IChatFeature
{
    public ChatRoutes Routes { get; } = new(
        "zalo officials",
        [new("sdt"), new("phone"), new("login"), new("dangnhap")],
        [],
        ForOfficials: true,
        Channels: [OutboxMessage.ZaloChannel]);

    public async Task<ChatOutcome?> HandleAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var person = request.Person;
        IReadOnlyList<OutboundMessage> messages = request.Command is "login" or "dangnhap"
            ? [Say(person, BotTexts.Get("ZaloLoginElsewhere", person.Language))]
            : await PhoneAsync(person, request.Argument, cancellationToken);
        return new ChatOutcome(Routes.Feature, messages);
    }

    private async Task<IReadOnlyList<OutboundMessage>> PhoneAsync(ChatPerson person, string? argument, CancellationToken cancellationToken)
    {
        if (!await officials.IsOfficialAsync(person, cancellationToken))
        {
            return [Say(person, BotTexts.Get("ZaloPhoneOfficialsOnly", person.Language))];
        }

        if (argument is null || PhoneNumbers.Normalise(argument) is not { } phone)
        {
            return [Say(person, BotTexts.Get("ZaloPhoneInvalid", person.Language))];
        }

        // ZNS wants the international form: 0912… → 84912….
        await users.SetPhoneAsync(person.ChatId, "84" + phone[1..], cancellationToken);
        return [Say(person, BotTexts.Get("ZaloPhoneSaved", person.Language))];
    }

    private static OutboundMessage Say(ChatPerson person, string text) => new(person.ChatId, text, MessagePriority.Reply, "official", Channel: person.Channel);
}
