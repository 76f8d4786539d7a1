using ChildCare.Bot.Telegram;

namespace ChildCare.Bot.Tests.Telegram;

public sealed class TelegramJsonTests
{
    [Fact]
    public void ParseUpdate_ReadsMessage_WhenJsonHasUnknownFields()
    {
        var update = TelegramJson.ParseUpdate("""
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

        var message = Assert.IsType<Message>(update.Message);
        Assert.Equal(900, update.UpdateId);
        Assert.Equal("vi", message.From?.LanguageCode);
        Assert.Equal("p2", message.Photo?[1].FileId);
        Assert.Equal(1200, message.Photo?[0].FileSize);
        Assert.Equal(105.8542, message.Location?.Longitude);
        Assert.Equal(555, message.Contact?.UserId);
        Assert.Equal("bot_command", Assert.Single(message.Entities!).Type);
        Assert.True(message.Chat.IsPrivate);
    }

    [Fact]
    public void ParseUpdate_ReturnsBareUpdate_WhenUpdateTypeUnknown()
    {
        var update = TelegramJson.ParseUpdate("""{"update_id": 7, "business_connection": {"id": "b", "user": {"id": 1}}, "purchased_paid_media": 3}""");

        Assert.Equal(new Update(7), update);
    }

    [Fact]
    public void ParseUpdate_ReadsBlock_WhenUserKickedBot()
    {
        var update = TelegramJson.ParseUpdate("""
            {"update_id": 8, "my_chat_member": {"chat": {"id": 9, "type": "private"}, "from": {"id": 9, "is_bot": false, "first_name": "A"},
             "date": 1, "old_chat_member": {"status": "member", "user": {"id": 1, "is_bot": true, "first_name": "Bot"}},
             "new_chat_member": {"status": "kicked", "until_date": 0, "user": {"id": 1, "is_bot": true, "first_name": "Bot"}}}}
            """);

        Assert.True(update.MyChatMember?.IsBlock);
        Assert.False(update.MyChatMember?.IsUnblock);
    }

    [Fact]
    public void ParseUpdate_ReadsUnblock_WhenUserRestartedBot()
    {
        var update = TelegramJson.ParseUpdate("""
            {"update_id": 8, "my_chat_member": {"chat": {"id": 9, "type": "private"}, "from": {"id": 9, "is_bot": false, "first_name": "A"},
             "date": 1, "old_chat_member": {"status": "kicked"}, "new_chat_member": {"status": "member"}}}
            """);

        Assert.True(update.MyChatMember?.IsUnblock);
        Assert.False(update.MyChatMember?.IsBlock);
    }

    [Fact]
    public void ParseUpdate_ReadsCallbackQuery_WhenButtonPressed()
    {
        var update = TelegramJson.ParseUpdate("""
            {"update_id": 9, "callback_query": {"id": "cq", "chat_instance": "ci", "data": "case:1:accept",
             "from": {"id": 3, "is_bot": false, "first_name": "B"},
             "message": {"message_id": 4, "date": 2, "chat": {"id": 3, "type": "private"}, "text": "Ca mới"}}}
            """);

        Assert.Equal("case:1:accept", update.CallbackQuery?.Data);
        Assert.Equal(4, update.CallbackQuery?.Message?.MessageId);
    }
}
