using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ChildCare.BrowserTests;

/// <summary>
/// Debian's chromium driven by Playwright, headless. Never a downloaded browser: the executable is
/// CHILDCARE_CHROMIUM, or the binary of Debian's chromium package (/usr/lib/chromium/chromium, behind the
/// /usr/bin/chromium wrapper script), which test.sh installs when missing. Without it the tests fail
/// with a sentence saying so; they never skip.
/// </summary>
internal static class Browser
{
    public const string ExecutableVariable = "CHILDCARE_CHROMIUM";

    public static string Executable
    {
        get
        {
            var path = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } set ? set : "/usr/lib/chromium/chromium";
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"Chromium is not at {path}. Run the tests with ./test.sh, which installs Debian's chromium package, or set {ExecutableVariable}.");
        }
    }

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return (playwright, browser);
    }

    /// <summary>Every answer of 400 or more the page gets from now on ("status url"), for a test to find none.</summary>
    public static List<string> FailedResponses(IPage page)
    {
        var failed = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Add($"{response.Status} {response.Url}");
            }
        };
        return failed;
    }

    /// <summary>
    /// Waits until the page shows an address matching <paramref name="url"/> and, unless <paramref name="loaded"/> is
    /// false, until that document has loaded; 30 s at most. Used instead of <c>WaitForURLAsync</c>, which checks the
    /// load state and then subscribes to its event: a <c>load</c> delivered between the two is lost and the call times
    /// out on a page that loaded long before (playwright-dotnet issue 3364; met in CI after a form's redirect). Here
    /// the address is read, not awaited, and a load state is waited for in short steps: a state one step missed is
    /// recorded, so the next step finds it at once.
    /// </summary>
    public static async Task WaitForPageAsync(IPage page, Regex url, bool loaded = true)
    {
        var waited = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(30);
        while (!url.IsMatch(page.Url))
        {
            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"the page stayed at {page.Url} for 30 s, never at an address matching {url}");
            }

            await Task.Delay(50);
        }

        while (loaded)
        {
            try
            {
                await page.WaitForLoadStateAsync(LoadState.Load, new PageWaitForLoadStateOptions { Timeout = 1_000 });
                return;
            }
            catch (TimeoutException) when (waited.Elapsed < limit)
            {
            }
        }
    }

    /// <summary>Where screenshots go: artifacts/screenshots at the repository root (ignored by git), for people to look at.</summary>
    public static string Screenshot(string name)
    {
        var folder = Path.Combine(Testing.RepositoryPaths.Root, "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }
}
