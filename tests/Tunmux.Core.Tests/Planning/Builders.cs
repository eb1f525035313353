using System.Net;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.State;

namespace Tunmux.Core.Tests.Planning;

/// <summary>Small factories so each test states only what matters to it.</summary>
internal static class Builders
{
    public const string KeyA = "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    public const string PeerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";

    public static DesiredTunnel Tunnel(string name, string endpoint = "198.18.1.2:51820", string privateKey = KeyA) =>
        new(name, "wireguard", TunnelMode.Proxy, BackendKind.Auto, new WireGuardConfig(
            new Secret(privateKey), ["10.66.1.2/32"], ["198.19.255.1"], null,
            [new WireGuardPeer(PeerKey, endpoint, ["0.0.0.0/0"], null, 25)]));

    public static DesiredProxy Proxy(string name, string tunnel, int socks = 1080, int http = 8118) =>
        new(name, tunnel, new IPEndPoint(IPAddress.Loopback, socks), new IPEndPoint(IPAddress.Loopback, http), false);

    public static TunnelRecord RecordOf(DesiredTunnel tunnel) =>
        new(tunnel.Name, "tunmux_" + tunnel.Name, "wg-" + tunnel.Name, BackendKind.Userspace, tunnel.SpecHash, new ProcessRef(100, 1), DateTimeOffset.UnixEpoch);

    public static ProxyRecord RecordOf(DesiredProxy proxy, int pid = 200) =>
        new(proxy.Name, proxy.TunnelRef, proxy.Socks?.ToString(), proxy.Http?.ToString(), proxy.SpecHash, new ProcessRef(pid, 2), DateTimeOffset.UnixEpoch);

    /// <summary>A tunnel that forwards a port, with an optional hook.</summary>
    public static DesiredTunnel Forwarding(string name, params string[] hook) =>
        Tunnel(name) with { PortForward = new DesiredPortForward(name, hook) };

    public static PortForwardRecord RecordOf(DesiredPortForward keeper, int pid = 300) =>
        new(keeper.Tunnel, keeper.SpecHash, new ProcessRef(pid, 3), $"/run/tunmux/portforward/{keeper.Tunnel}.json", DateTimeOffset.UnixEpoch);

    public static TunnelFacts Healthy { get; } = new(true, true, true, true, true, "pub", "198.18.1.2:51820", DateTimeOffset.UnixEpoch, 1, 2);

    public static ObservedState HostWith(
        IEnumerable<ObservedTunnel>? tunnels = null,
        IEnumerable<ObservedProxy>? proxies = null,
        IEnumerable<string>? orphans = null,
        IEnumerable<int>? ports = null) =>
        new((tunnels ?? []).ToList(), (proxies ?? []).ToList(), (orphans ?? []).ToList(), (ports ?? []).ToHashSet());

    /// <summary>The host exactly as the desired state asks.</summary>
    public static ObservedState Matching(DesiredState desired) => HostWith(
        desired.Tunnels.Select(t => new ObservedTunnel(RecordOf(t), Healthy)),
        desired.Proxies.Select(p => new ObservedProxy(RecordOf(p), true))) with
    {
        PortForwards = desired.Tunnels.Select(t => t.PortForward).OfType<DesiredPortForward>()
            .Select(k => new ObservedPortForward(RecordOf(k), true, null)).ToList(),
    };
}
