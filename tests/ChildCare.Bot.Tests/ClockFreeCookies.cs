using System.Collections.Concurrent;
using ChildCare.Core.Officials;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests;

/// <summary>
/// A browser's cookies for an app whose clock is fixed (<see cref="Testing.ShiftedTimeProvider"/>): every cookie the app
/// sets is sent back, whatever its expiry says. A cookie store compares the expiry with the real date and would drop
/// them all once that date has passed the fixed one. A cookie set empty (a sign-out) is forgotten.
/// </summary>
internal sealed class ClockFreeCookies : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, string> _cookies = new(StringComparer.Ordinal);

    /// <summary>A client of <paramref name="app"/> that keeps cookies this way and does not follow redirects.</summary>
    public static HttpClient Client(ChildCareAppFactory app) => app.CreateDefaultClient(new Uri("http://localhost"), new ClockFreeCookies());

    /// <summary>Such a client, signed in as the official of <paramref name="chat"/> through a one-time link.</summary>
    public static async Task<HttpClient> SignedInAsync(ChildCareAppFactory app, long chat)
    {
        var link = (await app.Services.GetRequiredService<OfficialSignIn>().IssueLinkAsync("telegram", chat, CancellationToken.None))!;
        var browser = Client(app);
        using var opened = await browser.GetAsync(new Uri("/login/" + link.Token, UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.SeeOther, opened.StatusCode);
        return browser;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!_cookies.IsEmpty)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await base.SendAsync(request, cancellationToken);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';')[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var (name, value) = (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
            if (value.Length == 0)
            {
                _cookies.TryRemove(name, out _);
            }
            else
            {
                _cookies[name] = value;
            }
        }

        return response;
    }
}
