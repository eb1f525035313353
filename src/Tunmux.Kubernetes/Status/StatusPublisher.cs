using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Tunmux.Api.Schema.Crd;

namespace Tunmux.Kubernetes.Status;

/// <summary>
/// Writes this node's entry of status.nodes by server-side apply on the /status subresource, with
/// the field manager tunmux-agent-NODE: the API server merges the list map by node, so each agent
/// owns its own entry and two nodes never overwrite each other. An entry is sent only when it
/// differs from the one last written; removing the entry is applying an empty list, which drops
/// the fields this manager owned.
/// </summary>
public sealed class StatusPublisher(IKubernetes client, AgentOptions options)
{
    private readonly Dictionary<(string Kind, string Name), NodeStatusEntry?> _written = [];

    /// <summary>Status writes sent so far (unchanged entries are not sent).</summary>
    public int Writes { get; private set; }

    /// <summary>True when the entry was sent.</summary>
    public async Task<bool> PublishAsync(CustomResourceKind kind, string name, NodeStatusEntry? entry, CancellationToken cancellationToken)
    {
        if (_written.TryGetValue((kind.Kind, name), out var last) && last == entry)
        {
            return false;
        }

        var nodes = new JsonArray();
        if (entry is not null)
        {
            nodes.Add(Entry(entry));
        }

        var body = new JsonObject
        {
            ["apiVersion"] = $"{CustomResourceKind.Group}/{CustomResourceKind.Version}",
            ["kind"] = kind.Kind,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["status"] = new JsonObject { ["nodes"] = nodes },
        };
        await client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch),
            CustomResourceKind.Group,
            CustomResourceKind.Version,
            kind.Plural,
            name,
            fieldManager: options.Identity,
            force: true,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        _written[(kind.Kind, name)] = entry;
        Writes++;
        return true;
    }

    /// <summary>Forgets what was written for an object that is gone, so a new one of the same name is written afresh.</summary>
    public void Forget(CustomResourceKind kind, string name) => _written.Remove((kind.Kind, name));

    public NodeStatusEntry? LastWritten(CustomResourceKind kind, string name) => _written.GetValueOrDefault((kind.Kind, name));

    private static JsonObject Entry(NodeStatusEntry entry)
    {
        var json = new JsonObject
        {
            ["node"] = entry.Node,
            ["phase"] = entry.Phase,
            ["ready"] = entry.Ready,
            ["reason"] = entry.Reason,
            ["message"] = entry.Message,
            ["observedGeneration"] = entry.ObservedGeneration,
        };
        if (entry.LastTransitionTime is { } at)
        {
            json["lastTransitionTime"] = Timestamp(at);
        }

        json["conditions"] = new JsonArray([.. entry.Conditions.Select(Condition)]);
        return json;
    }

    private static JsonNode Condition(NodeCondition condition)
    {
        var json = new JsonObject
        {
            ["type"] = condition.Type,
            ["status"] = condition.Status,
            ["reason"] = condition.Reason,
            ["message"] = condition.Message,
        };
        if (condition.LastTransitionTime is { } at)
        {
            json["lastTransitionTime"] = Timestamp(at);
        }

        return json;
    }

    /// <summary>RFC 3339 in UTC to the second, as the API server writes metav1.Time.</summary>
    private static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
