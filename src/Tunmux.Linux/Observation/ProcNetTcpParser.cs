using System.Globalization;

namespace Tunmux.Linux.Observation;

/// <summary>
/// Reads /proc/net/tcp and /proc/net/tcp6: one socket per line, "sl local_address
/// rem_address st ...", the local address as HEXIP:HEXPORT and the state in hex, where 0A
/// is LISTEN.
/// </summary>
public static class ProcNetTcpParser
{
    private const string ListenState = "0A";

    public static IReadOnlySet<int> ListeningPorts(string procNetTcp)
    {
        ArgumentNullException.ThrowIfNull(procNetTcp);
        var ports = new HashSet<int>();
        foreach (var line in procNetTcp.Split('\n').Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || !string.Equals(fields[3], ListenState, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var colon = fields[1].LastIndexOf(':');
            if (colon > 0 && int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var port))
            {
                ports.Add(port);
            }
        }

        return ports;
    }
}
