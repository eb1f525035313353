using System.Text.Json.Nodes;

namespace Tunmux.Kubernetes.Tests.Fake;

/// <summary>One custom object in the fake's store, with the status fields each manager owns.</summary>
internal sealed class StoredObject(JsonObject body)
{
    public JsonObject Body { get; set; } = body;

    /// <summary>Per manager and operation ("Apply" or "Update"): the status field paths it owns.</summary>
    public Dictionary<(string Manager, string Operation), HashSet<string>> Owners { get; } = [];

    public JsonObject Metadata => Body["metadata"]!.AsObject();

    public string Name => Metadata["name"]!.GetValue<string>();

    /// <summary>The object as the API server returns it, with metadata.managedFields.</summary>
    public JsonObject Render(string apiVersion)
    {
        var copy = Body.DeepClone().AsObject();
        if (Owners.Count > 0)
        {
            copy["metadata"]!["managedFields"] = new JsonArray(Owners.Where(o => o.Value.Count > 0).Select(o => (JsonNode)new JsonObject
            {
                ["manager"] = o.Key.Manager,
                ["operation"] = o.Key.Operation,
                ["apiVersion"] = apiVersion,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = FieldSet.FieldsV1(o.Value),
                ["subresource"] = "status",
            }).ToArray());
        }

        return copy;
    }
}
