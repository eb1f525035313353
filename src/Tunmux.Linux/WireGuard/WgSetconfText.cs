using System.Globalization;
using System.Text;
using Tunmux.Core.Model;

namespace Tunmux.Linux.WireGuard;

/// <summary>
/// The configuration for <c>wg setconf</c> (the wg(8) format, not wg-quick's): keys, peers and
/// keepalive only; addresses, DNS and MTU are applied with ip. The text holds the private key,
/// so it only ever travels as secret standard input.
/// </summary>
internal static class WgSetconfText
{
    public static string Render(WireGuardConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder("[Interface]\n");
        text.Append("PrivateKey = ").Append(Checked("PrivateKey", config.PrivateKey.Reveal(), isSecret: true)).Append('\n');
        // tunmux's mark on the encrypted UDP: beside a direct tunnel it leaves on the uplink, not
        // through the direct tunnel's routing table, and it is what the kill switch lets out.
        text.Append("FwMark = ").Append(Tunmux.Core.Direct.DirectMarks.MarkText).Append('\n');
        foreach (var peer in config.Peers)
        {
            text.Append("\n[Peer]\n");
            text.Append("PublicKey = ").Append(Checked("PublicKey", peer.PublicKey)).Append('\n');
            if (peer.PresharedKey is { } presharedKey)
            {
                text.Append("PresharedKey = ").Append(Checked("PresharedKey", presharedKey.Reveal(), isSecret: true)).Append('\n');
            }

            if (peer.Endpoint is { } endpoint)
            {
                text.Append("Endpoint = ").Append(Checked("Endpoint", endpoint)).Append('\n');
            }

            text.Append("AllowedIPs = ").Append(string.Join(", ", peer.AllowedIps.Select(ip => Checked("AllowedIPs", ip)))).Append('\n');
            if (peer.PersistentKeepalive is { } keepalive)
            {
                text.Append("PersistentKeepalive = ").Append(keepalive.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// A value with a line break, a comment sign or a control character could add settings of its
    /// own to the file; such values are refused. The message names the field, never a secret value.
    /// </summary>
    private static string Checked(string field, string value, bool isSecret = false)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.Any(c => char.IsControl(c) || c == '#'))
        {
            throw new ArgumentException(isSecret
                ? $"WireGuard {field} is empty or contains characters that cannot appear in a key"
                : $"WireGuard {field} '{value.ReplaceLineEndings(" ")}' is empty or contains a line break, control character or '#'");
        }

        return trimmed;
    }
}
