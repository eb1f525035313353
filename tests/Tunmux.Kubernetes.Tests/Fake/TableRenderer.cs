using System.Globalization;
using System.Text.Json.Nodes;
using Tunmux.Api.Schema.Crd;

namespace Tunmux.Kubernetes.Tests.Fake;

/// <summary>
/// The meta.k8s.io/v1 Table the API server returns when a client asks for one (kubectl does):
/// a Name column, then the CRD's additionalPrinterColumns evaluated on each object. Covers the
/// JSONPath forms our CRDs use: ".a.b" and ".a.b[*].c" (several values joined by commas).
/// </summary>
internal static class TableRenderer
{
    public static JsonObject Render(CustomResourceKind kind, IEnumerable<JsonObject> objects, string resourceVersion, DateTimeOffset now)
    {
        var columns = new JsonArray(new JsonObject { ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["description"] = "Name of the object", ["priority"] = 0 });
        foreach (var column in kind.Columns)
        {
            columns.Add(new JsonObject { ["name"] = column.Name, ["type"] = column.Type == "date" ? "string" : column.Type, ["format"] = "", ["description"] = column.Description, ["priority"] = 0 });
        }

        var rows = new JsonArray();
        foreach (var item in objects)
        {
            var cells = new JsonArray(item["metadata"]!["name"]!.DeepClone());
            foreach (var column in kind.Columns)
            {
                var values = Evaluate(item, column.JsonPath).ToList();
                var text = string.Join(",", values.Select(v => v.ToString()));
                cells.Add(column.Type == "date" && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                    ? Age(now - at)
                    : text.Length == 0 ? "<none>" : text);
            }

            rows.Add(new JsonObject
            {
                ["cells"] = cells,
                ["object"] = new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = item["metadata"]!.DeepClone() },
            });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }

    private static IEnumerable<JsonNode> Evaluate(JsonNode root, string path)
    {
        IEnumerable<JsonNode> current = [root];
        foreach (var part in path.TrimStart('.').Split('.'))
        {
            var all = part.EndsWith("[*]", StringComparison.Ordinal);
            var name = all ? part[..^3] : part;
            current = current.Select(n => n is JsonObject o ? o[name] : null).OfType<JsonNode>();
            if (all)
            {
                current = current.OfType<JsonArray>().SelectMany(a => a.OfType<JsonNode>());
            }
        }

        return current;
    }

    private static string Age(TimeSpan age) => age.TotalDays >= 1 ? $"{(int)age.TotalDays}d"
        : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h"
        : age.TotalMinutes >= 1 ? $"{(int)age.TotalMinutes}m"
        : $"{Math.Max(0, (int)age.TotalSeconds)}s";
}
