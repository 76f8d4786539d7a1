using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChildCare.Bot.Tests.Plans;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ChildCare.Bot.Tests.Accounts;

/// <summary>
/// Joining a unit from a browser (<c>/join/{code}</c>) and the passkey sign-in page over HTTP. The passkey itself is
/// made by Chromium's virtual authenticator in the browser tests; here what a page shows and what it refuses.
/// </summary>
public sealed partial class JoinPageTests : IAsyncDisposable
{
    private readonly ChildCareAppFactory _app = new(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task ShowJoin_ShowsTheUnitTheRoleAndANameField_WhenTheInviteIsUsable()
    {
        var code = await InviteAsync();
        using var browser = Browser();

        using var page = await browser.GetAsync(new Uri("/join/" + code, UriKind.Relative));
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Xã Hưng Lộc", html, StringComparison.Ordinal);
        Assert.Contains("Cán bộ bảo vệ trẻ em", html, StringComparison.Ordinal);
        Assert.Matches("<input name=\"name\"[^>]*required", html);
        Assert.Contains("Tạo passkey và tham gia", html, StringComparison.Ordinal);
        Assert.Contains("assets/passkey.js", html, StringComparison.Ordinal);
        // The passkey script is the site's own file: the policy allows no other script.
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowJoin_SaysTheInviteIsUnusable_WhenTheCodeIsUnknown()
    {
        using var browser = Browser();

        using var page = await browser.GetAsync(new Uri("/join/ABCDEFGHJK", UriKind.Relative));
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());

        Assert.Contains("Lời mời này không còn dùng được", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"name\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JoinOptions_AnswersCreationOptionsForTheName_WhenTheFormCarriesTheToken()
    {
        var code = await InviteAsync();
        using var browser = Browser();
        var token = await TokenAsync(browser, "/join/" + code);

        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("name", "Nguyễn Thị Lan"), new("credential", "")]);
        using var answer = await browser.PostAsync(new Uri($"/join/{code}/options", UriKind.Relative), form);
        var options = await answer.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("Nguyễn Thị Lan", options.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal("required", options.GetProperty("authenticatorSelection").GetProperty("residentKey").GetString());
        Assert.False(string.IsNullOrEmpty(options.GetProperty("challenge").GetString()));
        Assert.Contains(answer.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cc_passkey=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task JoinOptions_IsRefused_WhenTheAntiforgeryTokenIsMissing()
    {
        var code = await InviteAsync();
        using var browser = Browser();
        await TokenAsync(browser, "/join/" + code);

        using var form = new FormUrlEncodedContent([new("name", "Lan")]);
        using var answer = await browser.PostAsync(new Uri($"/join/{code}/options", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Fact]
    public async Task Join_KeepsTheInviteAndCreatesNobody_WhenThePasskeyAnswerIsNotValid()
    {
        var code = await InviteAsync();
        using var browser = Browser();
        var token = await TokenAsync(browser, "/join/" + code);
        using (var options = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("name", "Lan")]))
        {
            (await browser.PostAsync(new Uri($"/join/{code}/options", UriKind.Relative), options)).Dispose();
        }

        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("name", "Lan"), new("credential", "{\"id\":\"forged\"}")]);
        using var answer = await browser.PostAsync(new Uri("/join/" + code, UriKind.Relative), form);
        var html = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("Không tạo được passkey", html, StringComparison.Ordinal);
        Assert.False(answer.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("cc_session=", StringComparison.Ordinal)));
        using var again = await browser.GetAsync(new Uri("/join/" + code, UriKind.Relative));
        Assert.Contains("Xã Hưng Lộc", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowPasskeySignIn_OffersThePasskeyButtonAndTheOtherWay_WhenNobodyIsSignedIn()
    {
        using var browser = Browser();

        using var page = await browser.GetAsync(new Uri("/login/passkey", UriKind.Relative));
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-passkey=\"get\"", html, StringComparison.Ordinal);
        Assert.Contains("Đăng nhập bằng passkey", html, StringComparison.Ordinal);
        Assert.Contains("/dangnhap", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasskeySignIn_RefusesAndOpensNoSession_WhenNoCeremonyIsUnderWay()
    {
        using var browser = Browser();
        var token = await TokenAsync(browser, "/login/passkey");

        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("credential", "{\"id\":\"forged\"}")]);
        using var answer = await browser.PostAsync(new Uri("/login/passkey", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.False(answer.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("cc_session=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ShowAccount_IsRefused_WhenNobodyIsSignedIn()
    {
        using var browser = Browser();

        using var page = await browser.GetAsync(new Uri("/account", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
    }

    [Fact]
    public async Task ShowAccount_OffersToAddAPasskey_WhenSignedInWithALink()
    {
        await PlanTestApp.ImportUnitsAsync(_app);
        await PlanTestApp.JoinAsync(_app, 5101, PlanTestApp.Commune);
        using var browser = await PlanTestApp.SignedInAsync(_app, 5101);

        using var page = await browser.GetAsync(new Uri("/account", UriKind.Relative));
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Bạn chưa có passkey", html, StringComparison.Ordinal);
        Assert.Contains("Thêm passkey trên thiết bị này", html, StringComparison.Ordinal);
    }

    private HttpClient Browser() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<string> InviteAsync()
    {
        await PlanTestApp.ImportUnitsAsync(_app);
        using var client = _app.CreateClient();
        using var invite = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit = PlanTestApp.Commune, role = "ChildProtection" });
        return (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private static async Task<string> TokenAsync(HttpClient browser, string path)
    {
        using var page = await browser.GetAsync(new Uri(path, UriKind.Relative));
        return WebUtility.HtmlDecode(TokenField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
