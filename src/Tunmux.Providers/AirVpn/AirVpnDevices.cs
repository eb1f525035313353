using System.Text;
using Tunmux.Api.Model;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// Which AirVPN device (WireGuard key) a tunnel uses: the label tunmux.io/airvpn-device on the
/// Tunnel, else the login's default device, else the account's first device. A label value
/// cannot hold spaces, so "My laptop" is matched by "My-laptop" (case-insensitive).
/// </summary>
public static class AirVpnDevices
{
    public const string Label = "tunmux.io/airvpn-device";

    public static string? Requested(TunnelManifest tunnel, AirVpnSession session)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        ArgumentNullException.ThrowIfNull(session);
        return tunnel.Metadata.Labels.TryGetValue(Label, out var label) && label.Length > 0 ? label : session.DefaultDevice;
    }

    /// <summary>The key named <paramref name="name"/> (or its label form), or the first key when no name is given.</summary>
    public static AirVpnDeviceKey? Find(AirVpnUser user, string? name)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindKey(name)
            ?? (name is null ? null : user.Keys.FirstOrDefault(k => string.Equals(LabelValue(k.Name), LabelValue(name), StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>A device name as a label value: characters a label cannot hold become '-'.</summary>
    public static string LabelValue(string deviceName)
    {
        ArgumentNullException.ThrowIfNull(deviceName);
        var text = new StringBuilder(deviceName.Length);
        foreach (var c in deviceName.Trim())
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }

        var value = text.ToString().Trim('-', '_', '.');
        return value.Length > 63 ? value[..63].TrimEnd('-', '_', '.') : value;
    }

    public static string NamesOf(AirVpnUser user) =>
        user.Keys.Count == 0 ? "none" : string.Join(", ", user.Keys.Select(k => $"\"{k.Name}\""));
}
