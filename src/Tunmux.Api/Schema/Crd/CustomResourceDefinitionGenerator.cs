using System.Text.Json.Nodes;

namespace Tunmux.Api.Schema.Crd;

/// <summary>
/// Writes the CustomResourceDefinition of a kind from the same field tables as schemas/*.schema.json,
/// so a cluster accepts exactly what the loader accepts. Committed under charts/tunmux/crds/; a test
/// fails when the files are stale.
/// </summary>
/// <remarks>
/// A CRD schema must be structural: every node has a type, <c>properties</c> and
/// <c>additionalProperties</c> never meet (unknown fields are pruned instead), metadata is the API
/// server's, and defaults are left out so a stored object reads back as it was written.
/// </remarks>
public static class CustomResourceDefinitionGenerator
{
    /// <summary>The definition as committed: YAML, two-space indentation, LF, final newline.</summary>
    public static string GenerateText(CustomResourceKind kind) => YamlTextWriter.Write(Generate(kind));

    public static JsonObject Generate(CustomResourceKind kind)
    {
        var shape = ManifestSchema.Kinds[kind.Kind];
        var spec = shape.Find("spec") ?? throw new InvalidOperationException($"{kind.Kind} has no spec.");
        var root = new JsonObject
        {
            ["type"] = "object",
            ["description"] = shape.Description,
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = new JsonObject { ["type"] = "string" },
                ["kind"] = new JsonObject { ["type"] = "string" },
                ["metadata"] = new JsonObject { ["type"] = "object" },
                ["spec"] = Describe(spec.Shape, spec.Description),
                ["status"] = NodeStatusSchema(),
            },
            ["required"] = new JsonArray("spec"),
        };

        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = kind.FullName },
            ["spec"] = new JsonObject
            {
                ["group"] = CustomResourceKind.Group,
                ["scope"] = "Cluster",
                ["names"] = new JsonObject
                {
                    ["kind"] = kind.Kind,
                    ["listKind"] = $"{kind.Kind}List",
                    ["plural"] = kind.Plural,
                    ["singular"] = kind.Singular,
                    ["categories"] = new JsonArray(CustomResourceKind.Category),
                },
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["name"] = CustomResourceKind.Version,
                    ["served"] = true,
                    ["storage"] = true,
                    ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                    ["additionalPrinterColumns"] = new JsonArray(kind.Columns.Select(Column).ToArray()),
                    ["schema"] = new JsonObject { ["openAPIV3Schema"] = root },
                }),
            },
        };
    }

    /// <summary>
    /// status.nodes: one entry per node, keyed by node name, so that each agent owns its entry
    /// through server-side apply and two nodes never overwrite each other.
    /// </summary>
    private static JsonObject NodeStatusSchema()
    {
        static JsonObject Text(string description) => new() { ["type"] = "string", ["description"] = description };

        var entry = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("node"),
            ["properties"] = new JsonObject
            {
                ["node"] = Text("The node this entry describes; each node's agent writes only its own."),
                ["phase"] = Text("Tunnels: the lifecycle phase (Connected, Degraded, FailingOver, Blocked, ...)."),
                ["ready"] = Text("True when clients can use the object on this node, else False or Unknown."),
                ["reason"] = Text("Why it is not ready, in one CamelCase word."),
                ["message"] = Text("What happened, for people."),
                ["observedGeneration"] = new JsonObject
                {
                    ["type"] = "integer",
                    ["format"] = "int64",
                    ["description"] = "The metadata.generation this entry describes.",
                },
                ["lastTransitionTime"] = new JsonObject
                {
                    ["type"] = "string",
                    ["format"] = "date-time",
                    ["description"] = "When ready last changed.",
                },
                ["conditions"] = ConditionsSchema(),
            },
        };

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = "What each node's agent reports.",
            ["properties"] = new JsonObject
            {
                ["nodes"] = new JsonObject
                {
                    ["type"] = "array",
                    ["description"] = "One entry per node that runs the object.",
                    ["x-kubernetes-list-type"] = "map",
                    ["x-kubernetes-list-map-keys"] = new JsonArray("node"),
                    ["items"] = entry,
                },
            },
        };
    }

    /// <summary>A node entry's conditions, as metav1.Condition lists are declared: a list map keyed by type.</summary>
    private static JsonObject ConditionsSchema()
    {
        static JsonObject Text(string description) => new() { ["type"] = "string", ["description"] = description };

        return new JsonObject
        {
            ["type"] = "array",
            ["description"] = "The conditions on this node (Ready, Degraded, ...), as the reconciler reports them.",
            ["x-kubernetes-list-type"] = "map",
            ["x-kubernetes-list-map-keys"] = new JsonArray("type"),
            ["items"] = new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray("type", "status"),
                ["properties"] = new JsonObject
                {
                    ["type"] = Text("The condition's name, e.g. Ready."),
                    ["status"] = new JsonObject
                    {
                        ["type"] = "string",
                        ["description"] = "True, False or Unknown.",
                        ["enum"] = new JsonArray("True", "False", "Unknown"),
                    },
                    ["reason"] = Text("Why, in one CamelCase word."),
                    ["message"] = Text("What happened, for people."),
                    ["lastTransitionTime"] = new JsonObject
                    {
                        ["type"] = "string",
                        ["format"] = "date-time",
                        ["description"] = "When the status last changed.",
                    },
                },
            },
        };
    }

    private static JsonObject Column(PrinterColumn column) => new()
    {
        ["name"] = column.Name,
        ["type"] = column.Type,
        ["jsonPath"] = column.JsonPath,
        ["description"] = column.Description,
    };

    private static JsonObject Describe(Shape shape, string description)
    {
        var schema = new JsonObject { ["type"] = shape.JsonType, ["description"] = description };
        switch (shape)
        {
            case ObjectShape objectShape:
                schema["properties"] = new JsonObject(objectShape.Fields.Select(f =>
                    new KeyValuePair<string, JsonNode?>(f.Name, Describe(f.Shape, f.Description))));
                var required = objectShape.Fields.Where(f => f.Required).Select(f => (JsonNode)f.Name).ToArray();
                if (required.Length > 0)
                {
                    schema["required"] = new JsonArray(required);
                }

                break;
            case StringMapShape:
                schema["additionalProperties"] = new JsonObject { ["type"] = "string" };
                break;
            case ListShape list:
                schema["items"] = Describe(list.Items, "One item.");
                break;
            case EnumShape enumShape:
                schema["enum"] = new JsonArray(enumShape.Values.Select(v => (JsonNode)v).ToArray());
                break;
            case StringShape text:
                if (text.Pattern is { } pattern)
                {
                    schema["pattern"] = pattern;
                }

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
}
