using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChildCare.ReliabilityTests.Infrastructure;

namespace ChildCare.ReliabilityTests.Fuzz;

/// <summary>
/// Generates webhook bodies a hostile or broken sender could post, from a seed (the same seed, the same bodies):
/// invalid JSON, wrong types, unknown update kinds, huge texts, emoji, control characters, lone surrogates, HTML
/// and SQL injection, callback data the bot never issued, forged case codes, and whole reports written with
/// hostile answers (so hostile text reaches the review screen, the case record and the officials' pages).
/// </summary>
internal sealed class HostileCorpus(int seed)
{
    /// <summary>Tags that must never reach an HTML reply or page raw: each hostile string that could be echoed carries one.</summary>
    public static readonly string[] Markers = ["<b>FZ", "<i>FZ", "<u>FZ", "<code>FZ", "<tg-spoiler>FZ", "<script", "<img", "<svg", "<a href=\"javascript", "<iframe"];

    public const long FirstChat = 5_000_000_000;
    public const long Chats = 400;
    public const long Walkers = 120;

    private static readonly string[] Html =
    [
        "<b>FZ bold</b>", "<i>FZ</i> nghiêng", "<u>FZ", "</b></i>", "<code>FZ x</code>", "<tg-spoiler>FZ</tg-spoiler>", "<script>alert('FZ')</script>",
        "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "<a href=\"javascript:alert(1)\">FZ</a>", "<iframe src=//evil>", "a < b && c > d",
        "&lt;b&gt;", "&amp;", "&#0;", "&bogus;", "&", "<", ">", "<<b>FZ>>", "<b", "Tom & Jerry <3",
    ];

    private static readonly string[] Sql =
    [
        "' OR 1=1 --", "'; DROP TABLE cases; --", "\" OR \"\"=\"", "1); DELETE FROM outbox_messages; --", "\\'", "%' AND 1=0 UNION SELECT token_hash FROM official_sessions --",
        "$$; SELECT pg_sleep(10); $$", "Robert'); DROP TABLE inbound_updates;--", "{0} {1} %s %n %x", "${jndi:ldap://x}",
    ];

    private static readonly string[] Unicode =
    [
        "👶🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇻🇳🇻🇳🇻🇳", "e\u0301\u0301\u0301\u0301", "Z̴̡̛̛a̷̧l̸g̵o̶", "\u202Eevil\u202C", "a\u200Db", "\uFEFFbom", "line\u2028sep\u2029para",
        "Cẩm Tân, Thanh Hóa", "ĐỨA TRẺ BỊ ĐÁNH", "tiếng Việt có dấu ỹ ỵ ự", "日本語", "العربية", "\u0000nul", "bell\u0007", "esc\u001b[31mred", "tab\tcr\r\nlf", "del\u007f", "nel\u0085",
        "   ", "\u00a0", "\u3000", "",
    ];

    private static readonly string[] Commands =
    [
        "/start", "/start report", "/start help", "/start join-XXXXXXXX", "/start join-' OR 1=1", "/join <b>FZ</b>", "/join", "/status", "/status TE-2026-000001",
        "/status te-2026-000002", "/status TE-9999-999999", "/status <b>FZ</b>", "/status TE-2026-00000' OR '1'='1", "/login", "/dangnhap", "/hanchot",
        "/deadlines", "/unsubscribe", "/cancel", "/menu", "/help", "/language", "/baocao", "/tongdai", "/👶", "/", "/start@childcare_test_bot report",
        "/status@other_bot x", "bao cao", "tong dai", "cuu voi dang bi danh", "so dien thoai", "report", "hotline",
    ];

    private static readonly string[] UnknownKinds =
    [
        "poll", "poll_answer", "chat_join_request", "message_reaction", "message_reaction_count", "business_message", "channel_post", "edited_channel_post",
        "inline_query", "chosen_inline_result", "shipping_query", "pre_checkout_query", "chat_boost", "removed_chat_boost", "purchased_paid_media",
        "chat_member", "deleted_business_messages", "x_not_yet_invented",
    ];

    private readonly Random _random = new(seed);
    private long _updateId;
    private long _messageId;

    /// <summary>
    /// <paramref name="count"/> bodies, each with the chat it belongs to (its lane: one chat's bodies go in order).
    /// About a sixth are whole reports of <see cref="Walkers"/> chats with hostile answers.
    /// </summary>
    public List<FuzzBody> Generate(int count)
    {
        var bodies = new List<FuzzBody>(count);
        var walks = new Queue<FuzzBody>[Walkers];
        for (var w = 0; w < Walkers; w++)
        {
            walks[w] = new Queue<FuzzBody>(Walk(FirstChat + w));
        }

        while (bodies.Count < count)
        {
            var walker = _random.Next(6) == 0 ? walks.Where(q => q.Count > 0).ToList() : [];
            bodies.Add(walker.Count > 0 ? walker[_random.Next(walker.Count)].Dequeue() : Next());
        }

        return bodies;
    }

    /// <summary>Some hostile text: HTML, SQL, Unicode, a command, or a mix; now and then very long.</summary>
    public string Text()
    {
        var text = _random.Next(10) switch
        {
            0 or 1 or 2 => Pick(Html),
            3 or 4 => Pick(Sql),
            5 or 6 => Pick(Unicode),
            7 => Pick(Commands),
            8 => $"{Pick(Html)} {Pick(Unicode)} {Pick(Sql)}",
            _ => Pick(Commands) + " " + Pick(Html),
        };
        return _random.Next(40) switch
        {
            0 => string.Concat(Enumerable.Repeat(text + " ", 4100 / Math.Max(1, text.Length + 1) + 1)), // over Telegram's 4096
            1 => new string('x', 2001) + Pick(Html), // one over what an answer takes
            2 => string.Concat(Enumerable.Repeat("👶🏽<b>FZ</b>&", 3000)), // about 50 KB of emoji and markup
            _ => text,
        };
    }

    private FuzzBody Next()
    {
        var chat = FirstChat + Walkers + _random.NextInt64(Chats);
        return _random.Next(100) switch
        {
            < 34 => Json(chat, TelegramUpdates.Message(chat, Text(), Pick(["vi", "en", "", "<b>", "zz-ZZ", "' OR 1=1"]), Pick(["Test", "<b>FZ</b>", "'; DROP TABLE officials; --", "👶"]))),
            < 50 => Json(chat, TelegramUpdates.Callback(chat, CallbackData(), "fz-" + _random.NextInt64())),
            < 58 => Json(chat, UnknownKind(chat)),
            < 72 => Json(chat, Malformed(chat)),
            < 84 => Raw(chat, Broken()),
            < 87 => Raw(chat, LoneSurrogate(chat)),
            < 90 => Json(chat, Edited(chat)),
            < 93 => Json(chat, Group(chat)),
            < 96 => Json(chat, MyChatMember(chat)),
            _ => Duplicate(chat),
        };
    }

    /// <summary>A whole report with hostile free-text answers, then send (pressed twice, as people do).</summary>
    private IEnumerable<FuzzBody> Walk(long chat)
    {
        var hostile = () => Pick(Html) + " " + Pick(Sql) + " " + Pick(Unicode);
        var commune = _random.Next(3) == 0 ? "xa cam tan " + Pick(Html) : "xa cam tan";
        yield return Json(chat, TelegramUpdates.Message(chat, ReportScript.Start));
        foreach (var answer in ReportScript.Answers(commune, "FZ mô tả " + hostile(), village: hostile()))
        {
            yield return Json(chat, TelegramUpdates.Message(chat, answer == "bo qua" && _random.Next(2) == 0 ? hostile() : answer));
        }

        yield return Json(chat, TelegramUpdates.Callback(chat, ReportScript.SendButton, $"walk-{chat}-1"));
        yield return Json(chat, TelegramUpdates.Callback(chat, ReportScript.SendButton, $"walk-{chat}-2"));
    }

    /// <summary>Button data the bot may or may not have issued.</summary>
    public string CallbackData() => _random.Next(16) switch
    {
        0 => $"cs:open:{_random.Next(1, 60)}",
        1 => $"cs:{Pick(["take", "risk", "move", "close", "note", "refer", "accept", "refuse", "bogus", ""])}:{_random.Next(-5, 60)}",
        2 => $"cs:rk:{_random.Next(1, 60)}:{Pick(["High", "Highest", "' OR 1=1", "", "0"])}",
        3 => $"cs:mv:{_random.Next(1, 60)}:{Pick(["Closed", "EmergencyIntervention", "<b>FZ", "99"])}",
        4 => $"cs:open:{Pick(["abc", "-1", "99999999999999999999", "1.5", " 1", "1 "])}",
        5 => $"dl:{Pick(["done", "snz", "info", "x"])}:{_random.Next(-2, 1000)}",
        6 => ReportScript.SendButton,
        7 => $"r:{Pick(["ReportCategory", "ReportDanger", "Bogus", "ReportReview", ""])}:{Pick(["Violence", "yes", "send", "edit", "cancel", "<b>FZ</b>", ""])}",
        8 => $"m:{Pick(["menu", "report", "continue", "help", "province", "guide", "status", "lang:xx", "lang:en", "lang:<b>"])}",
        9 => $"g:{Pick(["0", "99", "-1", "abc", "<i>FZ</i>"])}",
        10 => $"hp:{Pick(["thanh-hoa", "<b>FZ</b>", "' OR 1=1", ""])}",
        11 => new string('x', 65 + _random.Next(200)),
        12 => "",
        13 => Pick(Html),
        14 => Pick(Sql),
        _ => Pick(Unicode),
    };

    private JsonObject UnknownKind(long chat) => new()
    {
        [Pick(UnknownKinds)] = new JsonObject
        {
            ["id"] = _random.NextInt64(),
            ["chat"] = new JsonObject { ["id"] = chat, ["type"] = "private" },
            ["from"] = new JsonObject { ["id"] = chat, ["is_bot"] = false, ["first_name"] = Pick(Html) },
            ["text"] = Text(),
            ["question"] = Pick(Sql),
        },
    };

    /// <summary>The right kinds with the wrong insides: missing and mistyped fields, absurd numbers.</summary>
    private JsonObject Malformed(long chat)
    {
        var message = new JsonObject
        {
            ["message_id"] = ++_messageId,
            ["date"] = 1_700_000_000,
            ["chat"] = new JsonObject { ["id"] = chat, ["type"] = "private" },
            ["from"] = new JsonObject { ["id"] = chat, ["is_bot"] = false, ["first_name"] = "T" },
            ["text"] = Text(),
        };
        switch (_random.Next(20))
        {
            case 0: message.Remove("chat"); break;
            case 1: message["chat"] = new JsonObject { ["id"] = chat.ToString(CultureInfo.InvariantCulture), ["type"] = "private" }; break;
            case 2: message["text"] = 12345; break;
            case 3: message["date"] = "yesterday"; break;
            case 4: message.Remove("from"); break;
            case 5: message["chat"] = new JsonObject { ["id"] = long.MaxValue, ["type"] = "private" }; break;
            case 6: message["chat"] = new JsonObject { ["id"] = chat, ["type"] = Pick(["group", "supergroup", "channel", "<b>", ""]) }; break;
            case 7: message["photo"] = new JsonArray(new JsonObject { ["file_id"] = Pick(Sql), ["file_unique_id"] = "u", ["width"] = -1, ["height"] = 0 }); message.Remove("text"); break;
            case 8: message["photo"] = new JsonArray(); message["caption"] = Text(); message.Remove("text"); break;
            case 9: message["location"] = new JsonObject { ["latitude"] = Pick([1e308, -91.0, 0.0, 10.5]), ["longitude"] = Pick([-1e308, 181.0, 0.0, 106.7]) }; message.Remove("text"); break;
            case 10: message["contact"] = new JsonObject { ["phone_number"] = Pick(Sql) + Pick(Html), ["first_name"] = Pick(Html) }; message.Remove("text"); break;
            case 11: message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = -5, ["length"] = 999 }); break;
            case 12: message["from"] = new JsonObject { ["id"] = chat, ["is_bot"] = false, ["first_name"] = "T", ["language_code"] = new string('v', 500) }; break;
            case 13: message["message_id"] = "one"; break;
            case 14: message["reply_markup"] = new JsonObject { ["inline_keyboard"] = Pick(Sql) }; break;
            case 15: return new JsonObject { ["callback_query"] = new JsonObject { ["id"] = "cq", ["data"] = CallbackData() } };
            case 16: return new JsonObject { ["callback_query"] = new JsonObject { ["id"] = "cq", ["from"] = new JsonObject { ["id"] = chat, ["is_bot"] = false, ["first_name"] = "T" }, ["data"] = CallbackData(), ["message"] = new JsonObject { ["message_id"] = 1, ["date"] = 1, ["chat"] = new JsonObject { ["id"] = chat } } } };
            case 17: return new JsonObject { ["message"] = null };
            case 18: return new JsonObject { ["message"] = Pick(Sql) };
            default: message["text"] = null; break;
        }

        return new JsonObject { ["message"] = message };
    }

    /// <summary>Bodies that are not an update at all.</summary>
    private byte[] Broken()
    {
        var id = ++_updateId + 1_000_000;
        var text = _random.Next(18) switch
        {
            0 => "",
            1 => "null",
            2 => "[]",
            3 => "42",
            4 => "\"update\"",
            5 => $"{{\"update_id\":{id},\"message\":{{\"text\":\"cut",
            6 => $"{{\"update_id\":\"{id}\",\"message\":{{}}}}",
            7 => $"{{\"update_id\":{id}.5}}",
            8 => "{\"update_id\":1e30}",
            9 => $"{{\"update_id\":-{id}}}",
            10 => new string('[', 5000) + new string(']', 5000),
            11 => $"{{\"update_id\":{id},\"update_id\":{id + 1}}}",
            12 => "\uFEFF" + $"{{\"update_id\":{id}}}",
            13 => "<xml>not json</xml>",
            14 => $"{{\"update_id\":{id},\"message\":{{\"message_id\":1,\"date\":1,\"chat\":{{\"id\":1,\"type\":\"private\"}},\"text\":\"" + new string('a', 1_100_000) + "\"}}}}", // over 1 MB
            15 => "{'update_id': 1}",
            16 => $"{{\"update_id\":{id}}}",
            _ => null,
        };
        if (text is not null)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        // Not UTF-8 at all.
        var bytes = new byte[_random.Next(1, 300)];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Escapes JSON allows that are not valid UTF-16: a lone high or low surrogate in a text.</summary>
    private byte[] LoneSurrogate(long chat)
    {
        var id = ++_updateId + 2_000_000;
        var field = Pick(["text", "caption"]);
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"update_id\":{id},\"message\":{{\"message_id\":{++_messageId},\"date\":1700000000,\"chat\":{{\"id\":{chat},\"type\":\"private\"}},\"from\":{{\"id\":{chat},\"is_bot\":false,\"first_name\":\"\\udfff\"}},\"{field}\":\"{Pick(["\\ud800", "a\\udc00b", "\\ud83d", "<b>FZ\\ud800</b>"])}\"}}}}"));
    }

    private JsonObject Edited(long chat)
    {
        var update = TelegramUpdates.Message(chat, Text());
        var message = update["message"]!.DeepClone();
        return new JsonObject { ["edited_message"] = message };
    }

    private JsonObject Group(long chat)
    {
        var update = TelegramUpdates.Message(-chat, Text());
        update["message"]!["chat"] = new JsonObject { ["id"] = -chat, ["type"] = Pick(["group", "supergroup"]), ["title"] = Pick(Html) };
        return update;
    }

    private JsonObject MyChatMember(long chat) => new()
    {
        ["my_chat_member"] = new JsonObject
        {
            ["chat"] = new JsonObject { ["id"] = chat, ["type"] = "private" },
            ["from"] = new JsonObject { ["id"] = chat, ["is_bot"] = false, ["first_name"] = "T" },
            ["date"] = 1_700_000_000,
            ["old_chat_member"] = new JsonObject { ["status"] = Pick(["member", "kicked", "<b>"]) },
            ["new_chat_member"] = new JsonObject { ["status"] = Pick(["member", "kicked", "left", "administrator", "creator", "' OR 1=1", ""]) },
        },
    };

    /// <summary>An update sent again with an id already used (Telegram retries).</summary>
    private FuzzBody Duplicate(long chat)
    {
        var update = TelegramUpdates.Message(chat, Text());
        update["update_id"] = Math.Max(1, _updateId - _random.Next(0, 20));
        return new FuzzBody(chat, Encoding.UTF8.GetBytes(update.ToJsonString()), "duplicate id");
    }

    private FuzzBody Json(long chat, JsonObject update, string? kind = null)
    {
        update["update_id"] = ++_updateId;
        var key = update.Select(p => p.Key).FirstOrDefault(k => k != "update_id") ?? "empty";
        return new FuzzBody(chat, Encoding.UTF8.GetBytes(update.ToJsonString()), kind ?? key);
    }

    private static FuzzBody Raw(long chat, byte[] body) => new(chat, body, "raw");

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
