using System.Text.Json.Nodes;
using Tunmux.Api.Schema.Crd;

namespace Tunmux.Kubernetes.Tests.Fake;

/// <summary>The discovery documents a client reads before it names a resource: /api, /apis and each group version.</summary>
internal static class Discovery
{
    public static JsonObject CoreVersions() => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1" }),
    };

    public static JsonObject Groups() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(Group(CustomResourceKind.Group, CustomResourceKind.Version), Group("coordination.k8s.io", "v1")),
    };

    public static JsonObject CoreResources() => Resources("v1",
        Resource("nodes", "Node", false, "get", "list"),
        Resource("events", "Event", true, "create", "get", "list"),
        Resource("namespaces", "Namespace", false, "get", "list"));

    public static JsonObject TunmuxResources()
    {
        var resources = new List<JsonObject>();
        foreach (var kind in CustomResourceKind.All)
        {
            var resource = Resource(kind.Plural, kind.Kind, false, "get", "list", "watch", "create", "update", "patch", "delete");
            resource["singularName"] = kind.Singular;
            resource["categories"] = new JsonArray(CustomResourceKind.Category);
            resources.Add(resource);
            resources.Add(Resource($"{kind.Plural}/status", kind.Kind, false, "get", "patch", "update"));
        }

        return Resources($"{CustomResourceKind.Group}/{CustomResourceKind.Version}", [.. resources]);
    }

    public static JsonObject CoordinationResources() =>
        Resources("coordination.k8s.io/v1", Resource("leases", "Lease", true, "create", "get", "list", "update", "patch"));

    private static JsonObject Group(string name, string version)
    {
        var groupVersion = new JsonObject { ["groupVersion"] = $"{name}/{version}", ["version"] = version };
        return new JsonObject
        {
            ["name"] = name,
            ["versions"] = new JsonArray(groupVersion),
            ["preferredVersion"] = groupVersion.DeepClone(),
        };
    }

    private static JsonObject Resources(string groupVersion, params JsonObject[] resources) => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = groupVersion,
        ["resources"] = new JsonArray(resources),
    };

    private static JsonObject Resource(string name, string kind, bool namespaced, params string[] verbs) => new()
    {
        ["name"] = name,
        ["singularName"] = "",
        ["namespaced"] = namespaced,
        ["kind"] = kind,
        ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode)v).ToArray()),
    };
}
