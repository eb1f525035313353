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

    /// <summary>Warnings and errors only, to standard error.</summary>
    public static ILoggerFactory Quiet { get; } = LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Warning)
        .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(options => options.SingleLine = true));
}
