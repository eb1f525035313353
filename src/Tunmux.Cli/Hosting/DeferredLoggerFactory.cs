using Microsoft.Extensions.Logging;

namespace Tunmux.Cli.Hosting;

/// <summary>
/// A logger factory that answers <see cref="ILogger.IsEnabled"/> from a fixed minimum level and
/// builds the real factory only when a message at or above it is written, so a command that logs
/// nothing never pays for building one. Scopes begun before that point are not kept (the console
/// formatter tunmux uses does not print scopes).
/// </summary>
internal sealed class DeferredLoggerFactory(LogLevel minimum, Func<ILoggerFactory> build) : ILoggerFactory
{
    private readonly Lazy<ILoggerFactory> _real = new(build);

    public ILogger CreateLogger(string categoryName) => new DeferredLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => _real.Value.AddProvider(provider);

    public void Dispose()
    {
        if (_real.IsValueCreated)
        {
            _real.Value.Dispose();
        }
    }

    private bool Enabled(LogLevel level) => level >= minimum && level != LogLevel.None;

    private sealed class DeferredLogger(DeferredLoggerFactory owner, string categoryName) : ILogger
    {
        private ILogger? _real;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => _real?.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => owner.Enabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!owner.Enabled(logLevel))
            {
                return;
            }

            _real ??= owner._real.Value.CreateLogger(categoryName);
            _real.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
