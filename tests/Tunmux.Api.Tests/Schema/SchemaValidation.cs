using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Tunmux.Api.Tests.Schema;

/// <summary>Validates a document against a JSON Schema (2020-12) with JsonSchema.Net.</summary>
internal static class SchemaValidation
{
    /// <summary>Every failed assertion, each as "/instance/pointer: keyword: message" (the root's pointer is empty).</summary>
    public static IReadOnlyList<string> Errors(JsonNode? instance, JsonObject schema)
    {
        // A registry per call: the generated schemas share their $id across tests.
        var built = JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var results = built.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return
        [
            .. (results.Details ?? []).Append(results)
                .SelectMany(detail => (detail.Errors ?? new Dictionary<string, string>()).Select(error => $"{detail.InstanceLocation}: {error.Key}: {error.Value}"))
                .Distinct(StringComparer.Ordinal),
        ];
    }
}
