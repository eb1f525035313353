using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Tunmux.Keeper;

/// <summary>
/// The keeper's loggers: one line per event, "TIMESTAMP LEVEL: CATEGORY[ID] MESSAGE", warnings and
/// errors to standard error, the rest to standard output (both go to the keeper's log file). A
/// keeper writes a few lines a minute, so each is written at once under a lock; the console
/// logging stack (dependency injection, options, formatters) would cost more memory than the keeper.
/// </summary>
internal sealed class KeeperLoggerFactory(LogLevel minimum, TextWriter output, TextWriter error) : ILoggerFactory
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new KeeperLogger(this, categoryName);

    /// <summary>All output goes to the two writers given at construction.</summary>
    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("the keeper logs to its console only");

    public void Dispose()
    {
        lock (_gate)
        {
            output.Flush();
            error.Flush();
        }
    }

    private void Write(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {Label(level)}: {category}[{eventId.Id}] {message}{(exception is null ? "" : " " + exception.Message)}");
        lock (_gate)
        {
            var writer = level >= LogLevel.Warning ? error : output;
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class KeeperLogger(KeeperLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= factory.Minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (IsEnabled(logLevel))
            {
                factory.Write(logLevel, category, eventId, formatter(state, exception), exception);
            }
        }
    }

    internal LogLevel Minimum => minimum;
}
