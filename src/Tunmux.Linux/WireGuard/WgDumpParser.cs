using System.Globalization;

namespace Tunmux.Linux.WireGuard;

/// <summary>
/// Parses <c>wg show IF dump</c>: one tab-separated interface line (private key, public key,
/// listen port, fwmark), then one line per peer (public key, preshared key, endpoint, allowed
/// ips, latest handshake in Unix seconds, rx bytes, tx bytes, persistent keepalive). The
/// dump carries secrets (the private key, preshared keys), so they are skipped at once and
/// malformed input yields null rather than an error message that could quote it.
/// </summary>
public static class WgDumpParser
{
    private const string None = "(none)";

    public static WgDump? Parse(string dump)
    {
        ArgumentNullException.ThrowIfNull(dump);
        var lines = dump.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return null;
        }

        var interfaceFields = lines[0].Split('\t');
        if (interfaceFields.Length != 4 || !int.TryParse(interfaceFields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var listenPort))
        {
            return null;
        }

        var peers = new List<WgDumpPeer>();
        foreach (var line in lines.Skip(1))
        {
            var peer = ParsePeer(line.Split('\t'));
            if (peer is null)
            {
                return null;
            }

            peers.Add(peer);
        }

        return new WgDump(OrNull(interfaceFields[1]), listenPort, peers);
    }

    private static WgDumpPeer? ParsePeer(string[] fields)
    {
        // fields[1] is the preshared key: never read.
        if (fields.Length != 8
            || !long.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var handshakeSeconds)
            || !long.TryParse(fields[5], NumberStyles.None, CultureInfo.InvariantCulture, out var rx)
            || !long.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out var tx))
        {
            return null;
        }

        int? keepalive = int.TryParse(fields[7], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
        var allowedIps = fields[3] == None ? [] : fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries);
        return new WgDumpPeer(
            fields[0],
            OrNull(fields[2]),
            allowedIps,
            handshakeSeconds == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(handshakeSeconds),
            rx,
            tx,
            keepalive);
    }

    private static string? OrNull(string field) => field == None || field.Length == 0 ? null : field;
}
