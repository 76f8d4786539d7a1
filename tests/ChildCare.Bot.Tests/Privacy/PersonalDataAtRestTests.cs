using System.Data.Common;
using System.Text;
using ChildCare.Bot.Tests.Conversations;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Bot.Tests.WebChat;
using ChildCare.FakeTelegram;
using ChildCare.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Tests.Privacy;

/// <summary>
/// What a reporter tells the bot is in no table in clear: a report is filed through each channel with answers
/// found nowhere else, then every column of every table (Hangfire's included on PostgreSQL: its job arguments are ids) is searched for each of them.
/// </summary>
public sealed class PersonalDataAtRestTests
{
    // Distinctive answers: none of them occurs in the product's texts or data.
    private static readonly string[] Telegram = ["xa Plughvale", "thon Zorkmidd", "so 77 ngo Quuxbaz", "Be Xyzzyanh", "chau bi Frobozz danh hang dem", "Grueson Tranh", "0987123456"];
    private static readonly string[] Web = ["phuong Blorbvale", "xom Wumpusxy", "so 12 hem Gnusto", "Be Rezrovina", "chau bi Yoruklex bo doi", "Frotzia Phamm", "0912876543"];

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Reports_LeaveNoAnswerInClear_InAnyTableOrColumn(string provider)
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        var settings = HelpDeskTelegramTests.Settings(fake);
        if (provider == TestDatabase.Postgres)
        {
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:ChildCare"] = await TestPostgres.CreateDatabaseAsync("privacy");
            settings["Privacy:Key"] = TestPrivacy.Key;
        }

        await using var app = new ChildCareAppFactory(settings);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

        var chat = new TelegramChat(fake, app, 7301);
        await chat.SayAsync("bao cao");
        foreach (var answer in Answers(Telegram))
        {
            await chat.SayAsync(answer);
        }

        await chat.PressAsync(chat.Button("Gửi báo cáo"), "cb-privacy-send");
        Assert.Contains("Mã báo cáo", chat.LastText, StringComparison.Ordinal);

        await WebChatTests.SendAsync(client, new { text = "/start report" });
        foreach (var answer in Answers(Web))
        {
            await WebChatTests.SendAsync(client, new { text = answer });
        }

        var sent = await WebChatTests.SendAsync(client, new { button = "r:ReportReview:send" });
        Assert.Contains(WebChatTests.Replies(sent), r => r.Html.Contains("Mã báo cáo", StringComparison.Ordinal));

        await using var db = TelegramChannelTests.Db(app);
        var codes = await db.Cases.Select(c => c.Code).ToListAsync();
        Assert.Equal(2, codes.Count);
        var values = await EveryValueAsync(db);

        // The search sees the data: the case codes are there, as they should be.
        Assert.All(codes, code => Assert.NotEmpty(Where(values, code)));
        var found = Telegram.Concat(Web).SelectMany(answer => Where(values, answer).Select(place => $"'{answer}' in {place}")).ToList();
        Assert.True(found.Count == 0, "In clear: " + string.Join("; ", found));
    }

    // Not in danger, province, commune, village, address, age, sex, child's name, category, story, suspect,
    // named reporter, name, phone, consent.
    private static string[] Answers(string[] a) =>
        ["khong", "thanh hoa", a[0], a[1], a[2], "9", "nam", a[3], "bi danh", a[4], "cha duong", "de lai ten", a[5], a[6], "co"];

    private static async Task<List<(string Place, object Value)>> EveryValueAsync(DbContext db)
    {
        // Opened through EF Core, which tolerates a connection it already holds open (a plain OpenAsync once threw "already open").
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var postgres = db.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal);
        // On PostgreSQL, Hangfire's schema too: a job's arguments lie there in clear, so they must be ids only.
        var tables = await ListAsync(connection, postgres
            ? "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema IN (current_schema(), 'hangfire') AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table'");
        Assert.Contains(tables, t => t.EndsWith("outbox_messages", StringComparison.Ordinal));
        Assert.Contains(tables, t => t.EndsWith("inbound_updates", StringComparison.Ordinal));
        Assert.True(!postgres || tables.Contains("hangfire.job"), "Hangfire's job table is searched on PostgreSQL.");
        var values = new List<(string, object)>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM " + string.Join('.', table.Split('.').Select(part => $"\"{part.Replace("\"", "\"\"", StringComparison.Ordinal)}\""));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!await reader.IsDBNullAsync(i))
                    {
                        values.Add(($"{table}.{reader.GetName(i)}", reader.GetValue(i)));
                    }
                }
            }
        }

        return values;
    }

    private static async Task<List<string>> ListAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    // Text columns are searched ignoring case; binary ones (sealed values) byte for byte, as UTF-8.
    private static IEnumerable<string> Where(List<(string Place, object Value)> values, string answer)
    {
        var bytes = Encoding.UTF8.GetBytes(answer);
        return values.Where(v => v.Value switch
        {
            byte[] blob => blob.AsSpan().IndexOf(bytes) >= 0,
            string text => text.Contains(answer, StringComparison.OrdinalIgnoreCase),
            var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture)?.Contains(answer, StringComparison.OrdinalIgnoreCase) == true,
        }).Select(v => v.Place).Distinct();
    }
}
