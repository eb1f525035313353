using System.Globalization;
using System.Text;
using Tunmux.Core.Model;

namespace Tunmux.Core.WireGuard;

/// <summary>
/// Reads and writes the wg-quick file format (an [Interface] section and one or more [Peer]
/// sections of "Key = Value" lines). Only the settings tunmux applies are kept; wg-quick's
/// own hooks and routing table settings are accepted with a warning, because tunmux sets
/// up routing itself.
/// </summary>
public static class WgQuickConfig
{
    public static WgQuickParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new WgQuickParser().Parse(text);
    }

    /// <summary>
    /// The file text, with the private and preshared keys in clear: write it only to a file
    /// of mode 0600. Lines come in a fixed order so the same config always renders the same.
    /// </summary>
    public static string Render(WireGuardConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder();
        text.Append("[Interface]\n");
        text.Append("PrivateKey = ").Append(config.PrivateKey.Reveal()).Append('\n');
        AppendList(text, "Address", config.Addresses);
        AppendList(text, "DNS", config.Dns);
        if (config.Mtu is { } mtu)
        {
            text.Append("MTU = ").Append(mtu.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        foreach (var peer in config.Peers)
        {
            text.Append("\n[Peer]\n");
            text.Append("PublicKey = ").Append(peer.PublicKey).Append('\n');
            if (peer.PresharedKey is { } presharedKey)
            {
                text.Append("PresharedKey = ").Append(presharedKey.Reveal()).Append('\n');
            }

            AppendList(text, "AllowedIPs", peer.AllowedIps);
            if (peer.Endpoint is { } endpoint)
            {
                text.Append("Endpoint = ").Append(endpoint).Append('\n');
            }

            if (peer.PersistentKeepalive is { } keepalive)
            {
                text.Append("PersistentKeepalive = ").Append(keepalive.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }

    private static void AppendList(StringBuilder text, string key, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            text.Append(key).Append(" = ").Append(string.Join(", ", values)).Append('\n');
        }
    }
}
