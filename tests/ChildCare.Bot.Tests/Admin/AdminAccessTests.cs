using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Admin;

/// <summary>
/// <c>/api/admin</c> is for signed-in administrators and for integrations with <c>Admin:ApiKey</c>: a request from
/// this machine (what every request is behind a reverse proxy on the same host) gets nothing for its address.
/// </summary>
public sealed partial class AdminAccessTests
{
    [Fact]
    public async Task AdminApi_Answers401AndCreatesNothing_WhenALoopbackRequestHasNeitherKeyNorSession()
    {
        // The default: no Admin:ApiKey. Every request arrives from 127.0.0.1, as through a proxy on the same host.
        await using var factory = new ChildCareAppFactory(new Dictionary<string, string?> { ["Admin:ApiKey"] = "" });
        await using var app = factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new FromLoopback())));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        using var invite = await client.PostAsJsonAsync("/api/admin/invites", new { unit = "quang-ninh", role = "Supervisor" });
        using var broadcast = await client.PostAsJsonAsync("/api/admin/announcements", new { unit = "quang-ninh", textVi = "Mở liên kết này" });
        using var units = await client.GetAsync(new Uri("/api/admin/units", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, invite.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, broadcast.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, units.StatusCode);
        await using var db = app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
        Assert.Equal(0, await db.Invites.CountAsync());
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task AdminApi_LetsASignedInAdministratorChange_OnlyWithTheSessionsAntiforgeryToken()
    {
        await using var app = new ChildCareAppFactory(new Dictionary<string, string?> { ["Admin:ApiKey"] = "" });
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var link = await app.Services.GetRequiredService<OfficialSignIn>().IssueFirstAdministratorLinkAsync(CancellationToken.None);
        using (var opened = await browser.GetAsync(new Uri("/login/" + link!.Token, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        }

        using var read = await browser.GetAsync(new Uri("/api/admin/units", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        // A change without the token (what another site's script or form would send with the cookie): refused.
        using var forged = await browser.PostAsJsonAsync("/api/admin/invites", new { unit = "quang-ninh", role = "Supervisor" });
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        var token = AntiforgeryToken().Match(await browser.GetStringAsync(new Uri("/login", UriKind.Relative))).Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/admin/invites", UriKind.Relative)) { Content = JsonContent.Create(new { unit = "quang-ninh", role = "Supervisor" }) };
        request.Headers.Add("RequestVerificationToken", token);
        using var issued = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);

        // The token alone, in a browser without the session it was served to: refused.
        using var other = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var stolen = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/admin/invites", UriKind.Relative)) { Content = JsonContent.Create(new { unit = "quang-ninh", role = "Supervisor" }) };
        stolen.Headers.Add("RequestVerificationToken", token);
        using var refused = await other.SendAsync(stolen);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await using var db = app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
        Assert.Equal(1, await db.Invites.CountAsync());
    }

    [Fact]
    public async Task AdminApi_RefusesAWrongKey_EvenBesideAnAdministratorsSession()
    {
        await using var app = new ChildCareAppFactory();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var withKey = await client.AdminGetAsync(new Uri("/api/admin/units", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);

        var link = await app.Services.GetRequiredService<OfficialSignIn>().IssueFirstAdministratorLinkAsync(CancellationToken.None);
        using (await client.GetAsync(new Uri("/login/" + link!.Token, UriKind.Relative)))
        {
        }

        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/admin/units", UriKind.Relative));
        wrong.Headers.Add("X-Api-Key", ChildCareAppFactory.AdminKey[..^1] + "X");
        using var refused = await client.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var withSession = await client.GetAsync(new Uri("/api/admin/units", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, withSession.StatusCode);
    }

    /// <summary>Every request as if from 127.0.0.1 (the in-memory server has no address of its own).</summary>
    private sealed class FromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext http, RequestDelegate following) =>
            {
                http.Connection.RemoteIpAddress = IPAddress.Loopback;
                return following(http);
            });
            next(app);
        };
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
