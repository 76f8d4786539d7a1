using ChildCare.Core.Messaging;

namespace ChildCare.Bot.Telegram;

/// <summary>Turns the channel-neutral <see cref="Keyboard"/> into Telegram's reply_markup.</summary>
internal static class TelegramKeyboards
{
    public static ReplyMarkup? ToReplyMarkup(Keyboard? keyboard) => keyboard?.Kind switch
    {
        null => null,
        KeyboardKind.RemoveReply => new ReplyKeyboardRemove(),
        KeyboardKind.Reply => new ReplyKeyboardMarkup(
            keyboard.Rows.Select(row => (IReadOnlyList<Telegram.KeyboardButton>)row.Select(b =>
                new Telegram.KeyboardButton(b.Text, b.RequestContact ? true : null, b.RequestLocation ? true : null)).ToList()).ToList(),
            ResizeKeyboard: true,
            OneTimeKeyboard: true),
        _ => new InlineKeyboardMarkup(
            keyboard.Rows.Select(row => (IReadOnlyList<InlineKeyboardButton>)row.Select(b => b.Url is not null
                ? InlineKeyboardButton.Link(b.Text, b.Url)
                : InlineKeyboardButton.Callback(b.Text, b.CallbackData ?? b.Text)).ToList()).ToList()),
    };
}
