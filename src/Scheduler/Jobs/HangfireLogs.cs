using Hangfire.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using MsLevel = Microsoft.Extensions.Logging.LogLevel;

namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// Hangfire's log goes through one process-wide provider (a static). Its own ASP.NET Core provider holds the logger
/// factory of the host that configured it last, and throws once that host is disposed while another still runs
/// (tests host many apps in one process). This one writes to the factory of the newest host alive and drops a
/// line when there is none.
/// </summary>
internal sealed class HangfireLogs : ILogProvider
{
    public static readonly HangfireLogs Shared = new();

    private volatile ILoggerFactory? _factory;

    public HangfireLogs Attach(ILoggerFactory factory)
    {
        _factory = factory;
        return this;
    }

    public ILog GetLogger(string name) => new Log(this, name);

    private sealed class Log(HangfireLogs owner, string name) : ILog
    {
        private ILoggerFactory? _from;
        private ILogger? _logger;

        bool ILog.Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception)
        {
            var level = logLevel switch
            {
                HangfireLevel.Trace => MsLevel.Trace,
                HangfireLevel.Debug => MsLevel.Debug,
                HangfireLevel.Info => MsLevel.Information,
                HangfireLevel.Warn => MsLevel.Warning,
                HangfireLevel.Error => MsLevel.Error,
                _ => MsLevel.Critical,
            };

            try
            {
                var logger = Current();
                if (logger is null || messageFunc is null)
                {
                    return logger?.IsEnabled(level) == true;
                }

                logger.Log(level, 0, messageFunc(), exception, static (message, _) => message);
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        private ILogger? Current()
        {
            var factory = owner._factory;
            if (factory is null)
            {
                return null;
            }

            if (!ReferenceEquals(factory, _from))
            {
                _logger = factory.CreateLogger(name);
                _from = factory;
            }

            return _logger;
        }
    }
}
