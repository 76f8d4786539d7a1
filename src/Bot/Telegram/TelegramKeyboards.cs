using ChildCare.Core.Messaging;
using Telegram.Bot.Types.ReplyMarkups;
using CoreButton = ChildCare.Core.Messaging.KeyboardButton;
using TelegramButton = Telegram.Bot.Types.ReplyMarkups.KeyboardButton;

namespace ChildCare.Bot.Telegram;

/// <summary>Turns the channel-neutral <see cref="Keyboard"/> into Telegram.Bot's reply markup.</summary>
internal static class TelegramKeyboards
{
    public static ReplyMarkup? ToReplyMarkup(Keyboard? keyboard) => keyboard?.Kind switch
    {
        null => null,
        KeyboardKind.RemoveReply => new ReplyKeyboardRemove(),
        // Materialised: Telegram.Bot would otherwise enumerate the rows only while serialising the request.
        KeyboardKind.Reply => new ReplyKeyboardMarkup(keyboard.Rows.Select(row => row.Select(ReplyButton).ToArray()).ToArray())
        {
            ResizeKeyboard = true,
            OneTimeKeyboard = true,
        },
        _ => new InlineKeyboardMarkup(keyboard.Rows.Select(row => row.Select(InlineButton).ToArray()).ToArray()),
    };

    private static TelegramButton ReplyButton(CoreButton button) => new(button.Text)
    {
        RequestContact = button.RequestContact,
        RequestLocation = button.RequestLocation,
    };

    private static InlineKeyboardButton InlineButton(CoreButton button) => button.Url is { } url
        ? InlineKeyboardButton.WithUrl(button.Text, url.AbsoluteUri)
        // Telegram refuses callback data over 64 bytes with BUTTON_DATA_INVALID: fail here, naming the cause.
        : InlineKeyboardButton.WithCallbackData(button.Text, TelegramCallbackData.Ensure(button.CallbackData ?? button.Text));
}
