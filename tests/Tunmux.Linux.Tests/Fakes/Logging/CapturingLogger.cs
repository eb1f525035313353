using Microsoft.Extensions.Logging;

namespace Tunmux.Linux.Tests.Fakes.Logging;

/// <summary>Keeps every formatted log line (all levels) so tests can check that none holds a secret.</summary>
internal sealed class CapturingLogger : ILogger
{
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Lines.Add($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
    }
}
