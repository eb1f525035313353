using Tunmux.Core.Model;

namespace Tunmux.Providers.Mullvad;

/// <summary>The WireGuard config of one Mullvad connection: this device's key and addresses, the relay as peer, the gateway as DNS.</summary>
public static class MullvadWireGuard
{
    public static readonly IReadOnlyList<string> AllowedIps = ["0.0.0.0/0", "::/0"];

    public static WireGuardConfig Build(MullvadDeviceState device, MullvadRelay relay, MullvadRelayList relays)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(relays);
        return new WireGuardConfig(
            device.PrivateKey,
            [.. new[] { device.Ipv4Address, device.Ipv6Address }.Where(a => a.Length > 0)],
            [.. new[] { relays.Ipv4Gateway }.Where(d => d.Length > 0)],
            null,
            [new WireGuardPeer(relay.PublicKey, $"{relay.Ipv4AddressIn}:{MullvadApi.WireGuardPort}", AllowedIps, null, null)]);
    }
}
