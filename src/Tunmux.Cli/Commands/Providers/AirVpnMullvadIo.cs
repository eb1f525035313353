using Tunmux.Providers.Latency;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>What the airvpn and mullvad commands take from outside besides the CLI context, replaceable in tests.</summary>
public sealed record AirVpnMullvadIo
{
    /// <summary>Where --password-stdin and --account-stdin read from.</summary>
    public TextReader Input { get; init; } = Console.In;

    public ILatencyProbe Latency { get; init; } = new PingLatencyProbe();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public static AirVpnMullvadIo System { get; } = new();
}
