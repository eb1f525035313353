using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tunmux.Api.Tests.Schema;

/// <summary>
/// A validator for the part of JSON Schema 2020-12 that schemas/ uses: type, properties, required,
/// additionalProperties, enum, items, pattern, maxLength, minimum, maximum, oneOf. Any other assertion
/// keyword throws, so the generator cannot start emitting something this silently ignores.
/// </summary>
internal static class JsonSchemaSubset
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "default"];

    private static readonly HashSet<string> Assertions =
    [
        "type", "properties", "required", "additionalProperties", "enum", "items",
        "pattern", "maxLength", "minimum", "maximum", "oneOf",
    ];

    /// <summary>Every violation, each as "/json/pointer: what is wrong".</summary>
    public static IReadOnlyList<string> Validate(JsonNode? instance, JsonObject schema)
    {
        var errors = new List<string>();
        Check(instance, schema, "", errors);
        return errors;
    }

    private static void Check(JsonNode? instance, JsonObject schema, string pointer, List<string> errors)
    {
        foreach (var (keyword, _) in schema)
        {
            if (!Annotations.Contains(keyword) && !Assertions.Contains(keyword))
            {
                throw new NotSupportedException($"Keyword {keyword} at {pointer} is not supported by this validator.");
            }
        }

        if (schema["type"] is { } type && !HasType(instance, type.GetValue<string>()))
        {
            errors.Add($"{pointer}: expected {type.GetValue<string>()}, got {KindOf(instance)}");
            return;
        }

        if (schema["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, instance)))
        {
            errors.Add($"{pointer}: {instance?.ToJsonString()} is not one of {values.ToJsonString()}");
        }

        if (schema["oneOf"] is JsonArray choices)
        {
            var matching = choices.Count(choice => Validate(instance, choice!.AsObject()).Count == 0);
            if (matching != 1)
            {
                errors.Add($"{pointer}: matches {matching} of the oneOf schemas instead of exactly one");
            }
        }

        switch (instance)
        {
            case JsonObject map:
                CheckObject(map, schema, pointer, errors);
                break;
            case JsonArray list when schema["items"] is JsonObject items:
                for (var i = 0; i < list.Count; i++)
                {
                    Check(list[i], items, $"{pointer}/{i}", errors);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                CheckString(value.GetValue<string>(), schema, pointer, errors);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                CheckNumber(Number(value), schema, pointer, errors);
                break;
        }
    }

    private static void CheckObject(JsonObject map, JsonObject schema, string pointer, List<string> errors)
    {
        var properties = schema["properties"] as JsonObject;
        foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
        {
            if (!map.ContainsKey(required))
            {
                errors.Add($"{pointer}: missing required property {required}");
            }
        }

        foreach (var (name, value) in map)
        {
            var path = $"{pointer}/{name}";
            if (properties?[name] is JsonObject propertySchema)
            {
                Check(value, propertySchema, path, errors);
            }
            else if (schema["additionalProperties"] is JsonObject additional)
            {
                Check(value, additional, path, errors);
            }
            else if (schema["additionalProperties"] is JsonValue allowed && !allowed.GetValue<bool>())
            {
                errors.Add($"{path}: property {name} is not allowed");
            }
        }
    }

    private static void CheckString(string text, JsonObject schema, string pointer, List<string> errors)
    {
        if (schema["pattern"] is { } pattern && !Regex.IsMatch(text, pattern.GetValue<string>()))
        {
            errors.Add($"{pointer}: \"{text}\" does not match {pattern.GetValue<string>()}");
        }

        if (schema["maxLength"] is { } maxLength && text.Length > maxLength.GetValue<int>())
        {
            errors.Add($"{pointer}: \"{text}\" is longer than {maxLength.GetValue<int>()}");
        }
    }

    private static void CheckNumber(double number, JsonObject schema, string pointer, List<string> errors)
    {
        if (schema["minimum"] is { } minimum && number < Number(minimum))
        {
            errors.Add($"{pointer}: {number} is below the minimum {Number(minimum)}");
        }

        if (schema["maximum"] is { } maximum && number > Number(maximum))
        {
            errors.Add($"{pointer}: {number} is above the maximum {Number(maximum)}");
        }
    }

    /// <summary>A number whether the node came from JSON text or was built in code (GetValue would not convert).</summary>
    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static bool HasType(JsonNode? instance, string type) => type switch
    {
        "object" => instance is JsonObject,
        "array" => instance is JsonArray,
        "string" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "boolean" => instance is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "integer" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number && Number(v) % 1 == 0,
        "number" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "null" => instance is null,
        _ => throw new NotSupportedException($"Type {type} is not supported by this validator."),
    };

    private static string KindOf(JsonNode? instance) => instance switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "something else",
    };
}
