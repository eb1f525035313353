using System.Text.Json;
using System.Text.Json.Nodes;
using Tunmux.Cli.Commands.Waiting;
using Tunmux.Daemon.Control.Client;

namespace Tunmux.Cli.Daemon;

/// <summary>
/// Readiness as the daemon reports it, for a client that waits: `get tunnels|proxies -o json` run
/// in the daemon, read back from its output (the same status a person sees).
/// </summary>
public static class ForwardedReadiness
{
    public static async Task<IReadOnlyList<ObjectReadiness>> PollAsync(ControlClient client, CancellationToken cancellationToken)
    {
        var all = new List<ObjectReadiness>();
        foreach (var kind in new[] { "tunnels", "proxies" })
        {
            var response = await DaemonForwarding.SendAsync(client, ["get", kind, "-o", "json"], cancellationToken);
            if (response.Ok && response.Body?["stdout"]?.GetValue<string>() is { Length: > 0 } json)
            {
                all.AddRange(Parse(json));
            }
        }

        return all;
    }

    /// <summary>Items of `get -o json`: one object, or {"items": [...]}.</summary>
    public static IReadOnlyList<ObjectReadiness> Parse(string json)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return [];
        }

        var items = document?["items"] is JsonArray array ? array.OfType<JsonNode>() : document is null ? [] : [document];
        return items.Select(Readiness).OfType<ObjectReadiness>().ToList();
    }

    private static ObjectReadiness? Readiness(JsonNode item)
    {
        if (item["kind"]?.GetValue<string>() is not { } kind || item["metadata"]?["name"]?.GetValue<string>() is not { } name)
        {
            return null;
        }

        var status = item["status"];
        var reason = status?["reason"]?.GetValue<string>() ?? "Unknown";
        var message = status?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Ready")?["message"]?.GetValue<string>() ?? reason;
        return new ObjectReadiness($"{kind.ToLowerInvariant()}/{name}", status?["ready"]?.GetValue<bool>() ?? false, reason, message);
    }
}
