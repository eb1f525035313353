using Tunmux.Providers.Latency;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>What the proton commands take from outside besides the CLI context, replaceable in tests.</summary>
public sealed record ProtonIo
{
    /// <summary>Where --password-stdin reads from.</summary>
    public TextReader Input { get; init; } = Console.In;

    public ILatencyProbe Latency { get; init; } = new PingLatencyProbe();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public static ProtonIo System { get; } = new();
}
