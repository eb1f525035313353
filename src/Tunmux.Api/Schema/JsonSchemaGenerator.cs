using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tunmux.Api.Schema;

/// <summary>
/// Writes the JSON Schema (draft 2020-12) of a kind from its field table, so the published schema cannot
/// drift from what the loader accepts. Committed under schemas/; a test fails when the files are stale.
/// </summary>
public static class JsonSchemaGenerator
{
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>"tunnel.schema.json" for kind Tunnel.</summary>
    public static string FileNameFor(string kind) => $"{kind.ToLowerInvariant()}.schema.json";

    /// <summary>The schema document as committed: two-space indentation, LF, final newline.</summary>
    public static string GenerateText(string kind) => Generate(kind).ToJsonString(Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    public static JsonObject Generate(string kind)
    {
        var root = Describe(ManifestSchema.Kinds[kind]);
        var document = new JsonObject
        {
            ["$schema"] = Dialect,
            ["$id"] = $"https://tunmux.io/schemas/{FileNameFor(kind)}",
            ["title"] = $"tunmux {kind}",
        };
        foreach (var (name, value) in root)
        {
            document[name] = value?.DeepClone();
        }

        return document;
    }

    private static JsonObject Describe(Shape shape)
    {
        var schema = new JsonObject { ["type"] = shape.JsonType };
        switch (shape)
        {
            case ObjectShape objectShape:
                schema["description"] = objectShape.Description;
                schema["properties"] = new JsonObject(objectShape.Fields.Select(f =>
                    new KeyValuePair<string, JsonNode?>(f.Name, DescribeField(f))));
                var required = objectShape.Fields.Where(f => f.Required).Select(f => (JsonNode)f.Name).ToArray();
                if (required.Length > 0)
                {
                    schema["required"] = new JsonArray(required);
                }

                schema["additionalProperties"] = false;
                break;
            case StringMapShape:
                schema["additionalProperties"] = new JsonObject { ["type"] = "string" };
                break;
            case ListShape list:
                schema["items"] = Describe(list.Items);
                break;
            case EnumShape enumShape:
                schema["enum"] = new JsonArray(enumShape.Values.Select(v => (JsonNode)v).ToArray());
                break;
            case StringShape text:
                AddIfSet(schema, "pattern", text.Pattern);
                if (text.MaxLength is { } maxLength)
                {
                    schema["maxLength"] = maxLength;
                }

                break;
            case DurationShape:
                schema["pattern"] = DurationShape.Pattern;
                break;
            case IntegerShape integer:
                schema["minimum"] = integer.Minimum;
                schema["maximum"] = integer.Maximum;
                break;
        }

        return schema;
    }

    private static JsonObject DescribeField(Field field)
    {
        var schema = Describe(field.Shape);
        var described = new JsonObject { ["description"] = field.Description };
        foreach (var (name, value) in schema)
        {
            if (name != "description")
            {
                described[name] = value?.DeepClone();
            }
        }

        if (field.Default is { } defaultValue)
        {
            described["default"] = defaultValue switch
            {
                bool flag => JsonValue.Create(flag),
                int number => JsonValue.Create(number),
                _ => JsonValue.Create(defaultValue.ToString()),
            };
        }

        return described;
    }

    private static void AddIfSet(JsonObject schema, string name, string? value)
    {
        if (value is not null)
        {
            schema[name] = value;
        }
    }
}
