namespace Tunmux.Providers.Mullvad;

/// <summary>
/// Mullvad's API paths and error codes, in one place (from mullvad/mullvadvpn-app, mullvad-api).
/// The JSON field names are on the wire records in <see cref="MullvadWire"/>.
/// </summary>
public static class MullvadApi
{
    public const string TokenPath = "auth/v1/token";
    public const string AccountPath = "accounts/v1/accounts/me";
    public const string DevicesPath = "accounts/v1/devices";
    public const string RelaysPath = "app/v1/relays";

    public const string InvalidAccount = "INVALID_ACCOUNT";
    public const string InvalidAccessToken = "INVALID_ACCESS_TOKEN";
    public const string InvalidAuth = "INVALID_AUTH";
    public const string DeviceNotFound = "DEVICE_NOT_FOUND";
    public const string MaxDevicesReached = "MAX_DEVICES_REACHED";
    public const string PubkeyInUse = "PUBKEY_IN_USE";

    /// <summary>The port Mullvad's WireGuard relays listen on by default.</summary>
    public const int WireGuardPort = 51820;

    public static string DevicePath(string id) => $"{DevicesPath}/{Uri.EscapeDataString(id)}";

    public static string DeviceKeyPath(string id) => $"{DevicePath(id)}/pubkey";
}
