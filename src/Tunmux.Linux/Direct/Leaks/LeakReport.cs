namespace Tunmux.Linux.Direct.Leaks;

/// <summary>
/// The result of a leak self-test: the uplink watched, the probes sent, and every packet the
/// capture saw leave the uplink that was not tunmux's own WireGuard UDP (or ARP and neighbour
/// discovery, which never leave the link). Empty <see cref="Leaked"/> means nothing leaked.
/// </summary>
public sealed record LeakReport(string Uplink, IReadOnlyList<string> Probes, IReadOnlyList<string> Leaked)
{
    public bool Clean => Leaked.Count == 0;
}
