using System.Net;
using Tunmux.Core.Model;
using Tunmux.Core.State;

namespace Tunmux.Core.Planning;

/// <summary>
/// Gives automatic listeners (port 0) a concrete port, as the original tunmux does: SOCKS from
/// 1080 upwards, HTTP from 8118 upwards, skipping ports that are declared, recorded or busy on
/// the host. A proxy keeps the port it already has, so re-applying never moves it.
/// Ports given to proxies whose record is not written yet (another key's pass still building
/// them) and ports other declared objects name (built or not: their tunnel may be pending or
/// failing) come in as <c>reserved</c> and are skipped like declared ones.
/// </summary>
public static class PortAllocator
{
    public const int FirstSocksPort = 1080;
    public const int FirstHttpPort = 8118;

    public static IReadOnlyList<DesiredProxy> Assign(
        IReadOnlyList<DesiredProxy> proxies,
        IReadOnlyList<ProxyRecord> records,
        IReadOnlySet<int> hostPortsInUse,
        IReadOnlySet<int>? reserved = null)
    {
        var recordsByName = records.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var declared = proxies.SelectMany(p => new[] { p.Socks, p.Http })
            .Where(e => e is { Port: > 0 }).Select(e => e!.Port).ToHashSet();
        var taken = new HashSet<int>(declared);
        taken.UnionWith(reserved ?? new HashSet<int>());

        // Ports held by our own workers count as free for that same proxy only.
        var ownPorts = new Dictionary<int, string>();
        foreach (var record in records)
        {
            foreach (var port in RecordedPorts(record))
            {
                ownPorts[port] = record.Name;
            }
        }

        var result = new List<DesiredProxy>(proxies.Count);
        foreach (var proxy in proxies)
        {
            recordsByName.TryGetValue(proxy.Name, out var record);
            var socks = Resolve(proxy.Name, proxy.Socks, record?.SocksListen, FirstSocksPort, taken, ownPorts, hostPortsInUse);
            var http = Resolve(proxy.Name, proxy.Http, record?.HttpListen, FirstHttpPort, taken, ownPorts, hostPortsInUse);
            result.Add(proxy with { Socks = socks, Http = http });
        }

        return result;
    }

    private static IPEndPoint? Resolve(
        string proxyName,
        IPEndPoint? wanted,
        string? recorded,
        int firstPort,
        HashSet<int> taken,
        Dictionary<int, string> ownPorts,
        IReadOnlySet<int> hostPortsInUse,
        IReadOnlySet<int>? reserved = null)
    {
        if (wanted is null || wanted.Port != 0)
        {
            return wanted;
        }

        if (recorded is not null && IPEndPoint.TryParse(recorded, out var previous)
            && previous.Address.Equals(wanted.Address) && !taken.Contains(previous.Port))
        {
            taken.Add(previous.Port);
            return previous;
        }

        for (var port = firstPort; port <= IPEndPoint.MaxPort; port++)
        {
            var ownedByOther = ownPorts.TryGetValue(port, out var owner) && owner != proxyName;
            var busy = hostPortsInUse.Contains(port) && !(ownPorts.TryGetValue(port, out var holder) && holder == proxyName);
            if (!taken.Contains(port) && !ownedByOther && !busy)
            {
                taken.Add(port);
                return new IPEndPoint(wanted.Address, port);
            }
        }

        throw new InvalidOperationException($"no free port from {firstPort} upwards for proxy {proxyName}");
    }

    private static IEnumerable<int> RecordedPorts(ProxyRecord record)
    {
        foreach (var listen in new[] { record.SocksListen, record.HttpListen })
        {
            if (listen is not null && IPEndPoint.TryParse(listen, out var endpoint))
            {
                yield return endpoint.Port;
            }
        }
    }
}
