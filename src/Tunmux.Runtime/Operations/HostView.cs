using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;

namespace Tunmux.Runtime.Operations;

/// <summary>The declared objects next to what the host shows right now.</summary>
public sealed record HostView(
    IReadOnlyList<ManifestObject> Declared,
    DesiredState Desired,
    ObservedState Observed,
    IReadOnlyList<string> Problems)
{
    public ObservedTunnel? TunnelRecord(string name) => Observed.Tunnels.FirstOrDefault(t => t.Record.Name == name);

    public ObservedProxy? ProxyRecord(string name) => Observed.Proxies.FirstOrDefault(p => p.Record.Name == name);

    public DesiredTunnel? DesiredTunnel(string name) => Desired.Tunnels.FirstOrDefault(t => t.Name == name);
}
