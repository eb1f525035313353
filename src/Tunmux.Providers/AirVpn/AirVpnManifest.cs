using System.Text.Json.Serialization;

namespace Tunmux.Providers.AirVpn;

/// <summary>The `act=manifest` reply as tunmux uses it: servers, WireGuard modes and extra API URLs.</summary>
public sealed record AirVpnManifest
{
    /// <summary>The manifest's `time`, sent back as `ts` on the next fetch.</summary>
    public long Time { get; init; }

    public IReadOnlyList<AirVpnServer> Servers { get; init; } = [];

    /// <summary>Only `type="wireguard"` modes, in manifest order.</summary>
    public IReadOnlyList<AirVpnMode> WireGuardModes { get; init; } = [];

    public IReadOnlyList<string> ApiUrls { get; init; } = [];

    /// <summary>The mode tunmux connects with: the first WireGuard one.</summary>
    [JsonIgnore]
    public AirVpnMode? DefaultMode => WireGuardModes.FirstOrDefault();
}

/// <summary>A WireGuard connection mode: protocol, port and which of a server's entry IPs to use.</summary>
public sealed record AirVpnMode(string Protocol, int Port, int EntryIndex);
