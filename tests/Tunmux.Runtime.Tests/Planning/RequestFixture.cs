using System.Text.Json.Nodes;
using Tunmux.Core.Model;

namespace Tunmux.Runtime.Tests.Planning;

/// <summary>
/// Reads a golden case's optional request.json: what the tunnel's lifecycle asks of the pass on
/// top of the resolved spec, as the control loop hands it to the planner. For example
/// {"tunnel": "alpha", "activePeer": 1, "recovery": {"kind": "failOver", "peer": 1}} or, for a
/// server change, {"tunnel": "beta", "server": "CH#14", "recovery": {"kind": "changeServer", "peer": 0, "failedServer": "CH#12"}}
/// ("server" is the server the resolution chose).
/// </summary>
internal static class RequestFixture
{
    public static DesiredState Apply(string path, DesiredState desired)
    {
        if (!File.Exists(path))
        {
            return desired;
        }

        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var name = root["tunnel"]!.GetValue<string>();
        var recovery = root["recovery"] is JsonObject node
            ? new TunnelRecovery(
                Enum.Parse<RecoveryKind>(node["kind"]!.GetValue<string>(), ignoreCase: true),
                node["peer"]!.GetValue<int>(),
                node["failedServer"]?.GetValue<string>())
            : null;
        return desired with
        {
            Tunnels = desired.Tunnels.Select(t => t.Name != name ? t : t with
            {
                ActivePeer = recovery?.Peer ?? root["activePeer"]?.GetValue<int>() ?? 0,
                Recovery = recovery,
                Server = root["server"]?.GetValue<string>() ?? t.Server,
            }).ToList(),
        };
    }
}
