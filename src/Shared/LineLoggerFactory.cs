using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Tunmux.LineLogging;

/// <summary>
/// The loggers of the small helper executables (proxy worker, port keeper): one line per event,
/// "TIMESTAMP LEVEL: CATEGORY[ID] MESSAGE", warnings and errors to standard error, the rest (a
/// worker's access log) to standard output. It replaces the console logging stack (dependency
/// injection, options, formatters), which would cost a helper more memory than its own work.
/// One source file compiled into each helper (linked from src/Shared), since the helpers share
/// no project that should carry a logger. A writer thread does the output, so a slow reader of the log never stalls
/// the event thread that serves connections; a full queue (1,024 lines) makes callers wait rather
/// than lose lines.
/// </summary>
internal sealed class LineLoggerFactory : ILoggerFactory
{
    private readonly BlockingCollection<(bool Error, string Line)> _queue = new(1024);
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly Thread _writer;

    public LineLoggerFactory(LogLevel minimum, TextWriter output, TextWriter error)
    {
        Minimum = minimum;
        _out = output;
        _error = error;
        _writer = new Thread(WriteLines) { IsBackground = true, Name = "log writer" };
        _writer.Start();
    }

    public LogLevel Minimum { get; }

    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

    /// <summary>All output goes to the two writers given at construction.</summary>
    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("a helper logs to its console only");

    /// <summary>Writes what is queued, then stops the writer.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _writer.Join();
        _queue.Dispose();
    }

    internal void Enqueue(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {Label(level)}: {category}[{eventId.Id}] {message}{(exception is null ? "" : " " + exception)}");
        try
        {
            _queue.Add((level >= LogLevel.Warning, line));
        }
        catch (InvalidOperationException)
        {
            // Logged after shutdown began: nobody is left to read it.
        }
    }

    private void WriteLines()
    {
        foreach (var (isError, line) in _queue.GetConsumingEnumerable())
        {
            var writer = isError ? _error : _out;
            writer.WriteLine(line);
            if (_queue.Count == 0)
            {
                _out.Flush();
                _error.Flush();
            }
        }

        _out.Flush();
        _error.Flush();
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

    private sealed class LineLogger(LineLoggerFactory provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Enqueue(logLevel, category, eventId, formatter(state, exception), exception);
            }
        }
    }
}
