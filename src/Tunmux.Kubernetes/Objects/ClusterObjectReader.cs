using System.Text.Json;
using System.Text.Json.Nodes;
using Tunmux.Api;
using Tunmux.Api.Model;

namespace Tunmux.Kubernetes.Objects;

/// <summary>
/// Reads a Tunnel or Proxy from the API server's JSON with the same loader as a
/// manifest file: the object is cut down to what a manifest holds (apiVersion, kind, name, labels,
/// spec) and loaded as text (JSON is YAML), so the cluster and a host accept exactly the same specs.
/// Relative file references resolve against the folder where the Secrets are mounted.
/// </summary>
public static class ClusterObjectReader
{
    /// <summary>The API server's own limit on an object is about 1.5 MiB; anything larger is not ours to read.</summary>
    private const int MaxObjectBytes = 1536 * 1024;

    public static ClusterObject Read(string kind, JsonElement item, string secretsDirectory)
    {
        var metadata = item.TryGetProperty("metadata", out var meta) ? meta : default;
        var name = Text(metadata, "name") ?? "";
        var generation = metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("generation", out var g) && g.TryGetInt64(out var number) ? number : 0;
        var resourceVersion = Text(metadata, "resourceVersion") ?? "";
        var uid = Text(metadata, "uid");
        var source = $"{kind}/{name}";

        var manifest = new JsonObject
        {
            ["apiVersion"] = Text(item, "apiVersion"),
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name },
        };
        if (metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object)
        {
            manifest["metadata"]!["labels"] = JsonNode.Parse(labels.GetRawText());
        }

        if (item.TryGetProperty("spec", out var spec))
        {
            manifest["spec"] = JsonNode.Parse(spec.GetRawText());
        }

        var text = manifest.ToJsonString();
        if (text.Length > MaxObjectBytes)
        {
            return Invalid(kind, name, uid, generation, resourceVersion, new ManifestError(new SourcePosition(source, 1, 1), "", $"the object is larger than {MaxObjectBytes} bytes") { Subject = source });
        }

        // Loading only: the rules across objects (tunnelRef, unique listeners) are checked by the
        // reconciler on the whole set this node keeps, exactly as for a folder of files.
        var loaded = ManifestLoader.LoadText(text, source, secretsDirectory);
        var read = loaded.Objects.SingleOrDefault(o => o.Kind == kind);
        return new ClusterObject(kind, name, uid, generation, resourceVersion, loaded.IsValid ? read : null, loaded.Errors);
    }

    private static ClusterObject Invalid(string kind, string name, string? uid, long generation, string resourceVersion, ManifestError error) =>
        new(kind, name, uid, generation, resourceVersion, null, [error]);

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
