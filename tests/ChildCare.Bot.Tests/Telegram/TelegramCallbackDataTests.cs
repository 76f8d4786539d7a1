using ChildCare.Bot.Telegram;

namespace ChildCare.Bot.Tests.Telegram;

public sealed class TelegramCallbackDataTests
{
    [Fact]
    public void Ensure_ReturnsData_WhenExactly64Bytes()
    {
        var data = new string('đ', 32);

        Assert.Equal(data, TelegramCallbackData.Ensure(data));
    }

    [Fact]
    public void Ensure_Throws_WhenOver64BytesThoughUnder64Characters()
    {
        var data = new string('đ', 33);

        var error = Assert.Throws<ArgumentException>(() => TelegramCallbackData.Ensure(data));

        Assert.Contains("66 bytes", error.Message, StringComparison.Ordinal);
        Assert.False(TelegramCallbackData.Fits(data));
    }

    [Fact]
    public void ToReplyMarkup_Throws_WhenCallbackDataEmpty()
    {
        Assert.Throws<ArgumentException>(() => TelegramKeyboards.ToReplyMarkup(Core.Messaging.Keyboard.Inline([Core.Messaging.KeyboardButton.Callback("Nhận", "")])));
    }
}
