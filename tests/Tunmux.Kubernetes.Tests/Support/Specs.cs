using System.Text.Json.Nodes;

namespace Tunmux.Kubernetes.Tests.Support;

/// <summary>Specs of Tunnels and Proxies as a cluster would store them.</summary>
internal static class Specs
{
    public const string PublicKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";

    public static JsonObject Tunnel(string endpoint = "203.0.113.10:51820", IReadOnlyDictionary<string, string>? nodeSelector = null)
    {
        var spec = new JsonObject
        {
            ["provider"] = "wireguard",
            ["wireguard"] = new JsonObject
            {
                ["privateKeyFile"] = "keys/private.key",
                ["addresses"] = new JsonArray("10.66.0.2/32"),
                ["peer"] = new JsonObject
                {
                    ["publicKey"] = PublicKey,
                    ["endpoint"] = endpoint,
                    ["allowedIPs"] = new JsonArray("0.0.0.0/0"),
                },
            },
        };
        if (nodeSelector is not null)
        {
            spec["nodeSelector"] = new JsonObject(nodeSelector.Select(s => new KeyValuePair<string, JsonNode?>(s.Key, s.Value)));
        }

        return spec;
    }

    public static JsonObject Proxy(string tunnel, string socks = "127.0.0.1:1080") => new()
    {
        ["tunnelRef"] = tunnel,
        ["socks"] = new JsonObject { ["listen"] = socks },
        ["http"] = new JsonObject { ["enabled"] = false },
    };
}
