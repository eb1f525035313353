using Microsoft.Extensions.Logging;

namespace Tunmux.Cli.Hosting;

/// <summary>
/// The CLI's logger factories. Each is built on first use: Microsoft.Extensions.Logging builds
/// its factory through dependency injection, which under Native AOT loads generic types at run
/// time and cost most of a `tunmux --help`. The everyday one (<see cref="Quiet"/>) is deferred
/// further, until a warning is actually written.
/// </summary>
public static class Logging
{
    private static readonly Lazy<ILoggerFactory> _verbose = new(() => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Debug)
        .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        })));

    /// <summary>Step-by-step logging to standard error for --verbose; standard output stays for results.</summary>
    public static ILoggerFactory Verbose => _verbose.Value;

    /// <summary>
    /// For a detached helper (proxy worker, port keeper): one line per message with a UTC
    /// timestamp, to standard output, which the launcher appends to the helper's log file;
    /// warnings and errors to standard error, which goes there too.
    /// </summary>
    public static ILoggerFactory Worker(LogLevel minimum) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(minimum)
        .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Warning)
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            options.UseUtcTimestamp = true;
        }));

    /// <summary>Warnings and errors only, to standard error; nothing is built until one is written.</summary>
    public static ILoggerFactory Quiet { get; } = new DeferredLoggerFactory(LogLevel.Warning, () => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Warning)
        .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(options => options.SingleLine = true)));
}
