using ChildCare.Core.Messaging;

namespace ChildCare.Core.Tests.Messaging;

public sealed class ChatReplyTests
{
    [Fact]
    public void Constructor_ReadsBoldNumbersAsPhoneParts_WhenBuiltFromMarkup()
    {
        var reply = new ChatReply("Gọi <b>113</b> ngay; mã <b>TE-1</b>, <b>12</b> ngày, tổng đài <b>18001567</b>.");

        Assert.Equal(
            [new TextPart("Gọi "), new PhonePart("113"), new TextPart(" ngay; mã <b>TE-1</b>, <b>12</b> ngày, tổng đài "), new PhonePart("18001567"), new TextPart(".")],
            reply.Parts);
    }

    [Theory]
    [InlineData("Gọi <b>111</b>")]
    [InlineData("<b>113</b><b>115</b>")]
    [InlineData("Không có số <b>nào</b>")]
    [InlineData("")]
    [InlineData("<b>123")]
    public void Html_GivesTheMarkupBack_WhenBuiltFromMarkup(string html)
    {
        Assert.Equal(html, new ChatReply(html).Html);
    }

    [Fact]
    public void Render_WritesEachPartTheChannelsWay()
    {
        var reply = new ChatReply([new TextPart("Gọi "), new PhonePart("111"), new TextPart(" hoặc xem "), new LinkPart("trang", new Uri("https://example.org/a"))]);

        var web = reply.Render(p => p switch
        {
            PhonePart phone => $"[tel:{phone.Number}]",
            LinkPart link => $"[{link.Text}]",
            TextPart text => text.Html,
            _ => "?",
        });

        Assert.Equal("Gọi [tel:111] hoặc xem [trang]", web);
        Assert.Equal("Gọi <b>111</b> hoặc xem <a href=\"https://example.org/a\">trang</a>", reply.Html);
    }

    [Fact]
    public void Json_KeepsTheStoredShape_HtmlAndKeyboard()
    {
        var reply = new ChatReply("Gọi <b>111</b>", Keyboard.Inline([KeyboardButton.Callback("Menu", "m:menu")]));

        var json = System.Text.Json.JsonSerializer.Serialize(reply, System.Text.Json.JsonSerializerOptions.Web);
        var back = System.Text.Json.JsonSerializer.Deserialize<ChatReply>(json, System.Text.Json.JsonSerializerOptions.Web)!;

        Assert.StartsWith("{\"html\":\"G", json, StringComparison.Ordinal);
        Assert.DoesNotContain("parts", json, StringComparison.Ordinal);
        Assert.Equal(reply.Parts, back.Parts);
        Assert.Equal("m:menu", back.Keyboard!.Rows[0][0].CallbackData);
    }
}
