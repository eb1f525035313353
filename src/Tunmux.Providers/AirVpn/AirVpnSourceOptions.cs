using Tunmux.Providers.Accounts;
using Tunmux.Providers.Latency;

namespace Tunmux.Providers.AirVpn;

/// <summary>What <see cref="AirVpnTunnelSource"/> needs: where logins live, how to reach AirVPN, how to measure servers.</summary>
public sealed record AirVpnSourceOptions
{
    public required AccountDirectories Accounts { get; init; }

    /// <summary>credential_store = "keyring": the keyring that holds stored logins' sessions; null for files.</summary>
    public Core.Secrets.ISecretSlots? Secrets { get; init; }

    /// <summary>Where logins from credentials files keep their caches (the daemon's state folder).</summary>
    public required string CredentialsRoot { get; init; }

    public required Func<AirVpnBootstrapClient> Client { get; init; }

    public ILatencyProbe Latency { get; init; } = new PingLatencyProbe();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long a server a tunnel failed over from is avoided for that tunnel.</summary>
    public Core.Providers.ServerAvoidance Avoidance { get; init; } = Core.Providers.ServerAvoidance.Default;

    /// <summary>A cached server list older than this is fetched again (kept if AirVPN cannot be reached).</summary>
    public TimeSpan ManifestMaxAge { get; init; } = TimeSpan.FromHours(6);

    /// <summary>At most this many candidates are pinged when sorting by score or latency.</summary>
    public int MaxProbed { get; init; } = 32;
}
