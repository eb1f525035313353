namespace Tunmux.Core.Model;

/// <summary>The complete declared set: everything that should exist, and nothing else.</summary>
public sealed record DesiredState(IReadOnlyList<DesiredTunnel> Tunnels, IReadOnlyList<DesiredProxy> Proxies)
{
    public static DesiredState Empty { get; } = new([], []);
}
