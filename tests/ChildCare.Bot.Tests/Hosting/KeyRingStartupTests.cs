using System.Net;
using System.Text;
using ChildCare.Bot.SignIn;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChildCare.Bot.Tests.Hosting;

/// <summary>
/// The data-protection key ring is read when a request first needs it, not at start (issue 21: a node nobody opens a
/// page of keeps the XML key manager unloaded); the keys themselves are made and kept as before.
/// </summary>
public sealed class KeyRingStartupTests
{
    private static readonly Dictionary<string, string?> NoDemo = new() { ["Deadlines:LoadDemoData"] = "false", ["Scheduler:InProcess"] = "false" };

    [Fact]
    public void DataProtectionWarmUp_NamesAspNetCoresHostedService_WhenLookedUp()
    {
        var type = typeof(IDataProtectionProvider).Assembly.GetType(DatabaseKeyRing.DataProtectionWarmUp)
            ?? typeof(DataProtectionServiceCollectionExtensions).Assembly.GetType(DatabaseKeyRing.DataProtectionWarmUp);

        Assert.NotNull(type);
        Assert.True(typeof(IHostedService).IsAssignableFrom(type));
    }

    [Fact]
    public async Task KeyRing_IsMadeAtTheFirstRequestThatNeedsIt_NotAtStart()
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient();
        using (var health = await client.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), s => s.GetType().FullName == DatabaseKeyRing.DataProtectionWarmUp);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<Core.Persistence.ChildCareDbContext>>().CreateDbContextAsync())
        {
            Assert.False(await db.DataProtectionKeys.AnyAsync());
        }

        using var chat = new HttpRequestMessage(HttpMethod.Post, "/chat/api/send") { Content = new StringContent("{\"text\":\"/start\"}", Encoding.UTF8, "application/json") };
        chat.Headers.Add("X-ChildCare-Chat", "1");
        using var chatted = await client.SendAsync(chat);

        Assert.Equal(HttpStatusCode.OK, chatted.StatusCode);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<Core.Persistence.ChildCareDbContext>>().CreateDbContextAsync())
        {
            Assert.True(await db.DataProtectionKeys.AnyAsync());
        }
    }
}
