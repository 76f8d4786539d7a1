using ChildCare.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ChildCare.Benchmarks;

/// <summary>
/// The Bot app as its Program.cs builds it, in this process, on the given settings. Its log goes to
/// <see cref="Log"/> instead of the console. <paramref name="time"/>, when given, is the Bot's clock.
/// </summary>
internal sealed class InProcessBot(IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null) : WebApplicationFactory<Program>
{
    public BotLog.Provider Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // The factory guesses the content root from the working folder; the benchmark may run from anywhere.
        builder.UseContentRoot(Path.Combine(RepositoryPaths.Root, "src", "Bot"));
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        // After Program.cs has added its console logger: replace it.
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<ILoggerProvider>();
            services.AddSingleton<ILoggerProvider>(Log);
            if (time is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(time);
            }
        });
    }
}
