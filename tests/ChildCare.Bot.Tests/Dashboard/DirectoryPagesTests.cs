using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Bot.Tests.WebChat;
using ChildCare.Core.Directory;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Dashboard;

/// <summary>
/// The directory pages over HTTP: an administrator's edit reaches the web chat at once; officials who do not
/// administer read but may not post; a post without the antiforgery token changes nothing; typed markup stays text.
/// </summary>
public sealed class DirectoryPagesTests
{
    private const long Official = 7101;
    private const string ThanhHoaLine = "/directory/hotlines/s18001744";

    [Fact]
    public async Task Administrator_EditsTheThanhHoaLine_AndTheWebChatGivesTheNewNumberAfter111()
    {
        await using var app = Start();
        using var admin = await AdministratorAsync(app);
        var token = await FormTokenAsync(admin, ThanhHoaLine, expect: "18001744");

        using var saved = await admin.PostAsync(new Uri(ThanhHoaLine, UriKind.Relative), Form(token, ThanhHoaFields("1800 1234")));

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal("/directory?province=thanh-hoa&m=Saved", saved.Headers.Location?.PathAndQuery);
        var list = await admin.GetStringAsync(saved.Headers.Location);
        Assert.Contains("Đã lưu", list, StringComparison.Ordinal);
        Assert.Contains("18001234", list, StringComparison.Ordinal);

        using var chat = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        await WebChatTests.SendAsync(chat, new { text = "tong dai" });
        var contacts = WebChatTests.Replies(await WebChatTests.SendAsync(chat, new { text = "thanh hoa" })).Single().Html;
        Assert.DoesNotContain("18001744", contacts, StringComparison.Ordinal);
        Assert.InRange(contacts.IndexOf("18001234", StringComparison.Ordinal), contacts.IndexOf("111", StringComparison.Ordinal) + 1, contacts.IndexOf("113", StringComparison.Ordinal) - 1);
    }

    [Fact]
    public async Task Official_WhoDoesNotAdminister_ReadsTheDirectory_ButEveryPostIs403()
    {
        await using var app = Start();
        await JoinOfficialAsync(app);
        using var browser = await SignInAsync(app, (await app.Services.GetRequiredService<OfficialSignIn>().IssueLinkAsync("telegram", Official, CancellationToken.None))!);

        var page = await browser.GetStringAsync(new Uri("/directory", UriKind.Relative));
        Assert.Contains("18001744", page, StringComparison.Ordinal);
        Assert.DoesNotContain("directory/hotlines/s18001744", page, StringComparison.Ordinal);
        using (var form = await browser.GetAsync(new Uri(ThanhHoaLine, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        }

        // A real token (from the sign-out form), so only the missing right can refuse these.
        var token = DashboardEndpointsTests.AntiforgeryToken().Match(page).Groups[1].Value;
        var posts = new[]
        {
            ThanhHoaLine, "/directory/hotlines/new", ThanhHoaLine + "/active", ThanhHoaLine + "/restore", "/directory/places/new", "/directory/places/1/delete",
            "/directory/guidance/WaterSafety/vi", "/directory/guidance/WaterSafety/vi/restore",
        };
        foreach (var post in posts)
        {
            using var refused = await browser.PostAsync(new Uri(post, UriKind.Relative), Form(token, ThanhHoaFields("18001234")));
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{post}: {refused.StatusCode}");
        }

        await using var db = TelegramChannelTests.Db(app);
        Assert.Empty(await db.Set<DirectoryEdit>().ToListAsync());
    }

    [Fact]
    public async Task Post_WithoutTheAntiforgeryToken_IsRefused_AndChangesNothing()
    {
        await using var app = Start();
        using var admin = await AdministratorAsync(app);

        using var forged = await admin.PostAsync(new Uri(ThanhHoaLine, UriKind.Relative), new FormUrlEncodedContent(ThanhHoaFields("18001234")));
        using var switchedOff = await admin.PostAsync(new Uri(ThanhHoaLine + "/active", UriKind.Relative), new FormUrlEncodedContent([new("active", "false")]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, switchedOff.StatusCode);
        await using var db = TelegramChannelTests.Db(app);
        Assert.Empty(await db.Set<HotlineRecord>().ToListAsync());
    }

    [Fact]
    public async Task HostileInput_IsShownEscaped_AndMarkupInAGuideIsRefusedWithTheReason()
    {
        await using var app = Start();
        using var admin = await AdministratorAsync(app);
        var token = await FormTokenAsync(admin, "/directory/hotlines/new", expect: "maxlength");
        var fields = new Dictionary<string, string>
        {
            ["Number"] = "0912 345 678", ["NameVi"] = "<script>alert(1)</script>", ["NameEn"] = "Line \"x\" & <b>y</b>", ["ProvinceCode"] = "nghe-an",
            ["Cost"] = "Free", ["LastChecked"] = "2026-01-05",
        };

        using var added = await admin.PostAsync(new Uri("/directory/hotlines/new", UriKind.Relative), Form(token, fields));
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        var list = await admin.GetStringAsync(added.Headers.Location);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", list, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", list, StringComparison.Ordinal);

        // A guide is plain text with <b> and <i>: anything else comes back as typed (escaped) with the reason.
        var guide = "/directory/guidance/WaterSafety/vi";
        token = await FormTokenAsync(admin, guide, expect: "Phòng chống đuối nước");
        using var refused = await admin.PostAsync(new Uri(guide, UriKind.Relative), Form(token, new() { ["Text"] = "<script>alert(2)</script> gọi 111", ["intent"] = "save" }));
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Chỉ dùng được thẻ &lt;b&gt; và &lt;i&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(2)&lt;/script&gt; gọi 111</textarea>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(2)", html, StringComparison.Ordinal);

        // Bold survives into the preview; the rest of the text stays text.
        using var preview = await admin.PostAsync(new Uri(guide, UriKind.Relative), Form(token, new() { ["Text"] = "<b>Đậm</b> & a < b, gọi 111", ["intent"] = "preview" }));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("<div class=\"preview\" lang=\"vi\"><b>Đậm</b> &amp; a &lt; b, gọi 111</div>", await preview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = TelegramChannelTests.Db(app);
        Assert.Empty(await db.Set<GuidanceRecord>().ToListAsync());
    }

    [Fact]
    public async Task Administrator_AddsEditsAndDeletesATrustedPlace_AndABadPhoneComesBackWithTheReason()
    {
        await using var app = Start();
        using var admin = await AdministratorAsync(app);
        var token = await FormTokenAsync(admin, "/directory/places/new", expect: "Nhà tạm lánh");
        var place = new Dictionary<string, string>
        {
            ["ProvinceCode"] = "thanh-hoa", ["Commune"] = "Xã Cẩm Tân", ["NameVi"] = "Nhà chị Hoa", ["NameEn"] = "Ms Hoa's house", ["Kind"] = "Shelter",
            ["Address"] = "Thôn 3", ["Phone"] = "0912 34", ["LastChecked"] = "2026-11-01",
        };

        using (var refused = await admin.PostAsync(new Uri("/directory/places/new", UriKind.Relative), Form(token, place)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("«Điện thoại» không phải số hợp lệ", html, StringComparison.Ordinal);
            Assert.Contains("value=\"0912 34\"", html, StringComparison.Ordinal);
        }

        place["Phone"] = "0912 345 678";
        using var added = await admin.PostAsync(new Uri("/directory/places/new", UriKind.Relative), Form(token, place));
        Assert.Equal("/directory/places?province=thanh-hoa&m=Saved", added.Headers.Location?.PathAndQuery);
        long id;
        await using (var db = TelegramChannelTests.Db(app))
        {
            var stored = await db.Set<PlaceRecord>().SingleAsync();
            Assert.Equal(("0912345678", PlaceKind.Shelter), (stored.Phone, stored.Kind));
            id = stored.Id;
        }

        place["NameVi"] = "Nhà văn hóa thôn 3";
        using var edited = await admin.PostAsync(new Uri($"/directory/places/{id}", UriKind.Relative), Form(token, place));
        var list = await admin.GetStringAsync(edited.Headers.Location);
        Assert.Contains("Nhà văn hóa thôn 3", list, StringComparison.Ordinal);
        Assert.Contains("Xã Cẩm Tân", list, StringComparison.Ordinal);

        using var deleted = await admin.PostAsync(new Uri($"/directory/places/{id}/delete", UriKind.Relative), Form(token, new() { ["province"] = "thanh-hoa" }));
        Assert.Equal("/directory/places?province=thanh-hoa&m=Deleted", deleted.Headers.Location?.PathAndQuery);
        Assert.DoesNotContain("Nhà văn hóa thôn 3", await admin.GetStringAsync(deleted.Headers.Location), StringComparison.Ordinal);
    }

    private static ChildCareAppFactory Start() =>
        new(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });

    /// <summary>The first administrator, signed in with the one-time link the start-up log would carry.</summary>
    private static async Task<HttpClient> AdministratorAsync(ChildCareAppFactory app)
    {
        using var _ = app.CreateClient();
        var link = await app.Services.GetRequiredService<OfficialSignIn>().IssueFirstAdministratorLinkAsync(CancellationToken.None);
        return await SignInAsync(app, link!);
    }

    private static async Task<HttpClient> SignInAsync(ChildCareAppFactory app, SignInToken link)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var opened = await browser.GetAsync(new Uri("/login/" + link.Token, UriKind.Relative));
        Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        return browser;
    }

    private static async Task JoinOfficialAsync(ChildCareAppFactory app)
    {
        using var client = app.CreateClient();
        var plan = new
        {
            plan = new { code = "directory-test", titleVi = "Đơn vị thử" },
            units = new object[] { new { code = "thanh-hoa", nameVi = "Tỉnh Thanh Hóa", nameEn = "Thanh Hoa province", kind = "Province" } },
            rules = Array.Empty<object>(),
        };
        using var imported = await client.AdminPostAsJsonAsync("/api/admin/plans", plan);
        imported.EnsureSuccessStatusCode();
        using var invite = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit = "thanh-hoa", role = "ChildProtection" });
        var code = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await app.Services.GetRequiredService<OfficialDesk>().JoinAsync(new ChatPerson("telegram", Official, Language.Vi, "Lan"), code, CancellationToken.None);
    }

    private static async Task<string> FormTokenAsync(HttpClient browser, string path, string expect)
    {
        using var page = await browser.GetAsync(new Uri(path, UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(expect, html, StringComparison.Ordinal);
        return DashboardEndpointsTests.AntiforgeryToken().Match(html).Groups[1].Value;
    }

    private static Dictionary<string, string> ThanhHoaFields(string number)
    {
        var shipped = HelpDirectoryProvider.Shipped.Hotlines.Single(h => h.Number == "18001744");
        return new()
        {
            ["Number"] = number, ["NameVi"] = shipped.NameVi, ["NameEn"] = shipped.NameEn, ["ProvinceCode"] = "thanh-hoa", ["Hours"] = "",
            ["Cost"] = "Free", ["LastChecked"] = "2026-11-20", ["PurposeVi"] = shipped.PurposeVi, ["PurposeEn"] = shipped.PurposeEn, ["Source"] = "",
        };
    }

    private static FormUrlEncodedContent Form(string token, Dictionary<string, string> fields) =>
        new([.. fields, new("__RequestVerificationToken", token)]);
}
