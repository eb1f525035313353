using System.Globalization;
using System.Text;
using Tunmux.Core.Model;

namespace Tunmux.Core.WireGuard;

/// <summary>
/// The wg(8) config format for <c>wg setconf IFACE /dev/stdin</c>: keys, listen port and
/// peers only. Addresses, DNS and MTU are wg-quick's business, applied with ip(8) instead.
/// The text holds the keys in clear: pass it as secret standard input, never in argv or a log.
/// </summary>
public static class WgSetConf
{
    public static string Render(WireGuardConfig config, int? listenPort = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder();
        text.Append("[Interface]\n");
        text.Append("PrivateKey = ").Append(config.PrivateKey.Reveal()).Append('\n');
        if (listenPort is { } port)
        {
            text.Append("ListenPort = ").Append(port.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        foreach (var peer in config.Peers)
        {
            text.Append("\n[Peer]\n");
            text.Append("PublicKey = ").Append(peer.PublicKey).Append('\n');
            if (peer.PresharedKey is { } presharedKey)
            {
                text.Append("PresharedKey = ").Append(presharedKey.Reveal()).Append('\n');
            }

            if (peer.Endpoint is { } endpoint)
            {
                text.Append("Endpoint = ").Append(endpoint).Append('\n');
            }

            text.Append("AllowedIPs = ").Append(string.Join(", ", peer.AllowedIps)).Append('\n');
            if (peer.PersistentKeepalive is { } keepalive)
            {
                text.Append("PersistentKeepalive = ").Append(keepalive.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }
}
