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

    /// <summary>Where screenshots go: artifacts/screenshots at the repository root (ignored by git), for people to look at.</summary>
    public static string Screenshot(string name)
    {
        var folder = Path.Combine(Testing.RepositoryPaths.Root, "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }
}
