using Microsoft.Extensions.Logging;

namespace Tunmux.Cli.Hosting;

public static class Logging
{
    /// <summary>Step-by-step logging to standard error for --verbose; standard output stays for results.</summary>
    public static ILoggerFactory Verbose { get; } = LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Debug)
        .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        }));

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

    /// <summary>Warnings and errors only, to standard error.</summary>
    public static ILoggerFactory Quiet { get; } = LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Warning)
        .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(options => options.SingleLine = true));
}
