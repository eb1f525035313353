namespace Tunmux.Providers.AirVpn;

/// <summary>
/// The `act=user` reply: the account, the server-side WireGuard public key (one per account)
/// and a WireGuard key per device.
/// </summary>
public sealed record AirVpnUser
{
    public string Login { get; init; } = "";

    /// <summary>The peer public key of every AirVPN server for this account.</summary>
    public string WireGuardPublicKey { get; init; } = "";

    public IReadOnlyList<AirVpnDeviceKey> Keys { get; init; } = [];

    /// <summary>The device key named <paramref name="name"/> (case-insensitive), or the first key when no name is given.</summary>
    public AirVpnDeviceKey? FindKey(string? name) =>
        string.IsNullOrWhiteSpace(name)
            ? Keys.FirstOrDefault()
            : Keys.FirstOrDefault(key => string.Equals(key.Name, name, StringComparison.OrdinalIgnoreCase));
}
