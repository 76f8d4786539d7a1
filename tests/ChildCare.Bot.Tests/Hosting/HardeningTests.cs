using System.Net;
using System.Text;
using System.Text.Json;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Core.Officials;
using ChildCare.FakeTelegram;
using ChildCare.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChildCare.Bot.Tests.Hosting;

/// <summary>The service as deployed: behind TLS termination, started as the README says, with its data folder on disk.</summary>
public sealed class HardeningTests
{
    private static readonly Dictionary<string, string?> NoDemo = new() { ["Deadlines:LoadDemoData"] = "false", ["Scheduler:InProcess"] = "false" };

    [Fact]
    public async Task Webhook_SkipsAnUpdateWithInvalidUtf8InAString_With200()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(TelegramChannelTests.Settings(fake, "Webhook"));
        using var client = app.CreateClient();
        var body = Encoding.UTF8.GetBytes("""{"update_id":901,"message":{"message_id":3,"date":1,"chat":{"id":3003,"type":"private"},"text":"X"}}""");
        body[Array.IndexOf(body, (byte)'X')] = 0xFF;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", TelegramChannelTests.Secret);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = TelegramChannelTests.Db(app);
        Assert.Equal(0, await db.InboundUpdates.CountAsync());
    }

    [Fact]
    public async Task FormWithoutAntiforgeryToken_Is400WithoutAStackTrace_InDevelopment()
    {
        await using var factory = new ChildCareAppFactory(NoDemo);
        await using var app = factory.WithWebHostBuilder(builder => builder.UseEnvironment("Development"));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.PostAsync(new Uri("/logout", UriKind.Relative), new FormUrlEncodedContent([new("x", "1")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void LaunchSettings_RunTheReadmesCommandAsProduction()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Bot", "Properties", "launchSettings.json")));
        foreach (var profile in settings.RootElement.GetProperty("profiles").EnumerateObject())
        {
            Assert.Equal("Production", profile.Value.GetProperty("environmentVariables").GetProperty("ASPNETCORE_ENVIRONMENT").GetString());
        }
    }

    [Fact]
    public async Task HttpsPublicAddress_GivesSecureHostCookies_AndHsts()
    {
        await using var app = new ChildCareAppFactory(new Dictionary<string, string?>(NoDemo) { ["Web:PublicBaseUrl"] = "https://childcare.example.gov.vn" });
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://childcare.example.gov.vn/") });

        using var chat = new HttpRequestMessage(HttpMethod.Post, "/chat/api/send") { Content = new StringContent("{\"text\":\"/start\"}", Encoding.UTF8, "application/json") };
        chat.Headers.Add("X-ChildCare-Chat", "1");
        using var chatted = await client.SendAsync(chat);
        var chatCookie = chatted.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-cc_chat=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("secure", chatCookie, StringComparison.Ordinal);
        Assert.Contains("path=/;", chatCookie + ";", StringComparison.Ordinal);
        // The 30 idle minutes, and the 24 hours after them in which the browser is told an unfinished report was deleted.
        Assert.Contains("max-age=88200", chatCookie, StringComparison.Ordinal);

        var link = await app.Services.GetRequiredService<OfficialSignIn>().IssueFirstAdministratorLinkAsync(CancellationToken.None);
        using var opened = await client.GetAsync(new Uri("/login/" + link!.Token, UriKind.Relative));
        var session = opened.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-cc_session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("secure", session, StringComparison.Ordinal);
        Assert.Contains("max-age=31536000", opened.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    // The service runs on Linux (CI and deployment); the modes are Unix ones.
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task DataFolder_IsPrivateToTheUser_AndTheKeyRingIsEncryptedAtRest()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"childcare-folder-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        var file = Path.Combine(folder, "childcare.db");
        var logs = new CapturingLoggerProvider();
        try
        {
            // A key file others may read: named in a warning.
            File.WriteAllText(file + ".key", Convert.ToBase64String(new byte[32]));
            File.SetUnixFileMode(file + ".key", (UnixFileMode)0b110_100_100);
            await using (var factory = new ChildCareAppFactory(NoDemo, file))
            await using (var app = factory.WithWebHostBuilder(builder => builder.ConfigureLogging(l => l.AddProvider(logs))))
            {
                using var client = app.CreateClient();
                using var chat = new HttpRequestMessage(HttpMethod.Post, "/chat/api/send") { Content = new StringContent("{\"text\":\"/start\"}", Encoding.UTF8, "application/json") };
                chat.Headers.Add("X-ChildCare-Chat", "1");
                using var chatted = await client.SendAsync(chat);
                Assert.Equal(HttpStatusCode.OK, chatted.StatusCode);

                await using var db = app.Services.GetRequiredService<IDbContextFactory<Core.Persistence.ChildCareDbContext>>().CreateDbContext();
                var keys = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();
                Assert.NotEmpty(keys);
                Assert.All(keys, xml => Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal));
                Assert.All(keys, xml => Assert.Contains("childcareEncryptedKey", xml, StringComparison.Ordinal));
            }

            Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(folder));
            Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(file));
            Assert.Contains(logs.Lines, l => l.Contains("key file", StringComparison.Ordinal) && l.Contains(file + ".key", StringComparison.Ordinal) && l.Contains("0644", StringComparison.Ordinal));
        }
        finally
        {
            ChildCareAppFactory.DeleteFiles(file);
            Directory.Delete(folder, recursive: true);
        }
    }
}
