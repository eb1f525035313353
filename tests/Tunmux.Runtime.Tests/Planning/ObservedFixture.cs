using System.Text.Json;
using System.Text.Json.Nodes;
using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.State;

namespace Tunmux.Runtime.Tests.Planning;

/// <summary>
/// Reads a golden case's observed.json: a compact description of the host where everything
/// not written is healthy; as a spec hash, "$desired" means "the same as declared" and
/// "$base" means "as declared in base.yaml" (the state before the case's edit). A tunnel record
/// may name its "activePeer" (default 0) and its provider "server".
/// </summary>
internal static class ObservedFixture
{
    public static ObservedState Read(string path, DesiredState desired, DesiredState baseline)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var tunnels = Items(root, "tunnels").Select(node => Tunnel(node, desired, baseline)).ToList();
        var proxies = Items(root, "proxies").Select(node => Proxy(node, desired, baseline)).ToList();
        var orphans = Items(root, "orphans").Select(n => n.GetValue<string>()).ToList();
        var ports = Items(root, "busyPorts").Select(n => n.GetValue<int>()).ToHashSet();
        return new ObservedState(tunnels, proxies, orphans, ports);
    }

    private static IEnumerable<JsonNode> Items(JsonObject root, string name) =>
        root[name] is JsonArray array ? array.OfType<JsonNode>() : [];

    private static ObservedTunnel Tunnel(JsonNode node, DesiredState desired, DesiredState baseline)
    {
        var record = node["record"]!;
        var name = record["name"]!.GetValue<string>();
        var hash = Hash(record, state => state.Tunnels.Single(t => t.Name == name).SpecHash, desired, baseline);
        var facts = node["facts"] as JsonObject;
        bool Fact(string key) => facts?[key]?.GetValue<bool>() ?? true;
        return new ObservedTunnel(
            new TunnelRecord(name, "tunmux_" + name, "wg-" + name, BackendKind.Userspace, hash, new ProcessRef(100, 1), DateTimeOffset.UnixEpoch,
                record["activePeer"]?.GetValue<int>() ?? 0, record["server"]?.GetValue<string>()),
            new TunnelFacts(Fact("namespaceExists"), Fact("interfaceExists"), Fact("interfaceUp"), Fact("hasDefaultRoute"), Fact("wireGuardProcessAlive"),
                "pub", null, null, 0, 0));
    }

    private static ObservedProxy Proxy(JsonNode node, DesiredState desired, DesiredState baseline)
    {
        var record = node["record"]!;
        var name = record["name"]!.GetValue<string>();
        var socks = record["socksListen"]?.GetValue<string>();
        var http = record["httpListen"]?.GetValue<string>();
        var tunnelRef = record["tunnelRef"]!.GetValue<string>();
        // "$desired" means: the hash the declared proxy has with the listeners recorded here.
        var hash = Hash(record, state => (state.Proxies.Single(p => p.Name == name) with
        {
            Socks = socks is null ? null : System.Net.IPEndPoint.Parse(socks),
            Http = http is null ? null : System.Net.IPEndPoint.Parse(http),
        }).SpecHash, desired, baseline);
        return new ObservedProxy(
            new ProxyRecord(name, tunnelRef, socks, http, hash, new ProcessRef(200, 1), DateTimeOffset.UnixEpoch),
            node["alive"]?.GetValue<bool>() ?? true);
    }

    private static string Hash(JsonNode record, Func<DesiredState, string> hashIn, DesiredState desired, DesiredState baseline) =>
        record["specHash"]!.GetValue<string>() switch
        {
            "$desired" => hashIn(desired),
            "$base" => hashIn(baseline),
            var literal => literal,
        };
}
