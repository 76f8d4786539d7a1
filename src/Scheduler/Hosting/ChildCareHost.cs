using ChildCare.Core.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChildCare.Scheduler.Hosting;

/// <summary>Start-up shared by the Bot and the Scheduler processes.</summary>
public static class ChildCareHost
{
    /// <summary>Exit code for a configuration value or database that stops start-up.</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>
    /// Runs a host and turns a bad setting into one sentence on standard error and a non-zero exit code,
    /// instead of a stack trace an operator has to read from the bottom. First of all it sets glibc's malloc for a
    /// long-running node (<see cref="MallocSettings"/>), before the host's threads allocate.
    /// </summary>
    public static async Task<int> RunAsync(Func<Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _ = MallocSettings.Apply(Environment.GetEnvironmentVariable);
        try
        {
            await run();
            return 0;
        }
        catch (ConfigurationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return ConfigurationErrorExitCode;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {string.Join(" ", e.Failures)}");
            return ConfigurationErrorExitCode;
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await Console.Error.WriteLineAsync($"Configuration error: Urls (ASPNETCORE_URLS) cannot be listened on: {e.Message} Stop the process that listens there, or choose a free address.");
            return ConfigurationErrorExitCode;
        }
    }

    /// <summary>The memory trims after start-up and when idle (<see cref="MemoryTrim"/>).</summary>
    public static IServiceCollection AddMemoryTrim(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(MemoryTrim.Settings.Read(configuration));
        services.TryAddSingleton(TimeProvider.System);
        return services.AddHostedService<MemoryTrim>();
    }

    /// <summary>One line, UTC timestamps: what an operator greps and a log shipper parses.</summary>
    public static void ConfigureLogging(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
        });
    }
}
