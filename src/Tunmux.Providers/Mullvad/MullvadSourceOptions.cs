using Tunmux.Providers.Accounts;
using Tunmux.Providers.Latency;

namespace Tunmux.Providers.Mullvad;

/// <summary>What <see cref="MullvadTunnelSource"/> needs.</summary>
public sealed record MullvadSourceOptions
{
    public required AccountDirectories Accounts { get; init; }

    /// <summary>credential_store = "keyring": the keyring that holds stored logins' sessions; null for files.</summary>
    public Core.Secrets.ISecretSlots? Secrets { get; init; }

    /// <summary>Where logins from credentials files keep their device and caches (the daemon's state folder).</summary>
    public required string CredentialsRoot { get; init; }

    public required Func<MullvadApiClient> Client { get; init; }

    public ILatencyProbe Latency { get; init; } = new PingLatencyProbe();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long a server a tunnel failed over from is avoided for that tunnel.</summary>
    public Core.Providers.ServerAvoidance Avoidance { get; init; } = Core.Providers.ServerAvoidance.Default;

    public TimeSpan RelaysMaxAge { get; init; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Whether resolving may replace a key that is due. A read-only view (status) should say no:
    /// a replaced key stops the running tunnel until the next apply.
    /// </summary>
    public bool RotateKeys { get; init; } = true;

    public int MaxProbed { get; init; } = 32;
}
