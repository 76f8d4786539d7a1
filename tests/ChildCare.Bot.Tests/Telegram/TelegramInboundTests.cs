using System.Text.Json;
using ChildCare.Bot.Telegram;
using Telegram.Bot.Types.Enums;

namespace ChildCare.Bot.Tests.Telegram;

public sealed class TelegramInboundTests
{
    [Fact]
    public void Parse_ReadsMessage_WhenJsonHasUnknownFields()
    {
        var update = TelegramInbound.Parse("""
            {"update_id": 900, "message": {
              "message_id": 12, "date": 1790000000, "future_field": {"a": [1, {"b": null}]},
              "chat": {"id": 555, "type": "private", "first_name": "Lan", "username": "lan_vn", "is_forum": false},
              "from": {"id": 555, "is_bot": false, "first_name": "Lan", "last_name": "Nguyễn", "language_code": "vi", "is_premium": true},
              "caption": "ảnh", "photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 60, "file_size": 1200},
                                         {"file_id": "p2", "file_unique_id": "u2", "width": 900, "height": 600}],
              "location": {"latitude": 21.0285, "longitude": 105.8542, "horizontal_accuracy": 12.5},
              "contact": {"phone_number": "+84901234567", "first_name": "Lan", "user_id": 555, "vcard": "x"},
              "entities": [{"type": "bot_command", "offset": 0, "length": 6}]
            }}
            """);

        var message = Assert.IsType<global::Telegram.Bot.Types.Message>(update.Message);
        Assert.Equal(900, update.Id);
        Assert.Equal(12, message.Id);
        Assert.Equal("vi", message.From?.LanguageCode);
        Assert.Equal("p2", message.Photo?[1].FileId);
        Assert.Equal(1200, message.Photo?[0].FileSize);
        Assert.Equal(105.8542, message.Location?.Longitude);
        Assert.Equal(555, message.Contact?.UserId);
        Assert.Equal(MessageEntityType.BotCommand, Assert.Single(message.Entities!).Type);
        Assert.Equal(ChatType.Private, message.Chat.Type);
        Assert.Equal(555, TelegramInbound.ChatOf(update));
    }

    [Fact]
    public void Parse_ReturnsBareUpdate_WhenUpdateTypeUnknown()
    {
        var update = TelegramInbound.Parse("""{"update_id": 7, "some_future_update": {"id": "b", "user": {"id": 1}}, "purchased_paid_media_v9": 3}""");

        Assert.Equal(7, update.Id);
        Assert.Null(update.Message);
        Assert.Null(update.CallbackQuery);
        Assert.Null(TelegramInbound.ChatOf(update));
    }

    [Fact]
    public void Parse_ReadsBlock_WhenUserKickedBot()
    {
        var update = TelegramInbound.Parse("""
            {"update_id": 8, "my_chat_member": {"chat": {"id": 9, "type": "private"}, "from": {"id": 9, "is_bot": false, "first_name": "A"},
             "date": 1, "old_chat_member": {"status": "member", "user": {"id": 1, "is_bot": true, "first_name": "Bot"}},
             "new_chat_member": {"status": "kicked", "until_date": 0, "user": {"id": 1, "is_bot": true, "first_name": "Bot"}}}}
            """);

        Assert.Equal(ChatMemberStatus.Member, update.MyChatMember?.OldChatMember.Status);
        Assert.Equal(ChatMemberStatus.Kicked, update.MyChatMember?.NewChatMember.Status);
        Assert.Equal(9, TelegramInbound.ChatOf(update));
    }

    [Fact]
    public void Parse_ReadsCallbackQuery_WhenButtonPressed()
    {
        var update = TelegramInbound.Parse("""
            {"update_id": 9, "callback_query": {"id": "cq", "chat_instance": "ci", "data": "case:1:accept",
             "from": {"id": 3, "is_bot": false, "first_name": "B"},
             "message": {"message_id": 4, "date": 2, "chat": {"id": 3, "type": "private"}, "text": "Ca mới"}}}
            """);

        Assert.Equal("case:1:accept", update.CallbackQuery?.Data);
        Assert.Equal(4, update.CallbackQuery?.Message?.Id);
        Assert.Equal(3, TelegramInbound.ChatOf(update));
    }

    [Theory]
    [InlineData("""{"message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}}}""")]
    [InlineData("""{"update_id": "seven"}""")]
    [InlineData("""{"update_id": 99999999999}""")]
    [InlineData("""{"update_id": 5, "message": {"message_id": 1, "date": 1, "chat": "not an object"}}""")]
    [InlineData("""{"update_id": 5, "message": [1, 2]}""")]
    [InlineData("""[1, 2]""")]
    public void TryRead_ReturnsFalse_WhenJsonIsNotAnUpdate(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.False(TelegramInbound.TryRead(document.RootElement, out _));
        Assert.Throws<JsonException>(() => TelegramInbound.Parse(json));
    }
}
