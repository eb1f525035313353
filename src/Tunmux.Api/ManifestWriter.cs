using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tunmux.Api.Model;
using Tunmux.Api.Schema;
using Tunmux.Api.Writing;
using Tunmux.Api.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tunmux.Api;

/// <summary>
/// Prints manifests with the field names the loader reads (for <c>tunmux get -o yaml|json</c> and the stored
/// declared state). Defaults are written out; unset optional fields are left out.
/// </summary>
public static class ManifestWriter
{
    // Keys hold '+' and '/', which the default encoder would print as \u002B.
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One YAML document per object, separated by "---"; loadable again by <see cref="ManifestLoader"/>.</summary>
    public static string ToYaml(IEnumerable<ManifestObject> objects)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        var first = true;
        foreach (var manifest in objects)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: first));
            EmitYaml(emitter, Tree(manifest));
            emitter.Emit(new DocumentEnd(isImplicit: true));
            first = false;
        }

        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    /// <summary>
    /// Any JSON document as block-style YAML (one document), through the same low-level emitter
    /// as manifests: no reflection, so it works in the Native AOT build.
    /// </summary>
    public static string JsonToYaml(JsonNode? document)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        EmitJson(emitter, document);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void EmitJson(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
                foreach (var (name, item) in map)
                {
                    EmitYaml(emitter, name);
                    EmitJson(emitter, item);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray list:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in list)
                {
                    EmitJson(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case null:
                emitter.Emit(new Scalar("null"));
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                EmitYaml(emitter, value.GetValue<string>());
                break;
            default:
                // Numbers and booleans: their JSON text is also their plain YAML text.
                emitter.Emit(new Scalar(node.ToJsonString()));
                break;
        }
    }

    /// <summary>A JSON array of the objects, fields in camelCase as in YAML.</summary>
    public static string ToJson(IEnumerable<ManifestObject> objects)
    {
        var array = new JsonArray(objects.Select(o => ToJsonNode(Tree(o))).ToArray());
        return array.ToJsonString(Indented) + "\n";
    }

    private static TreeMap Tree(ManifestObject manifest) => (TreeMap)ValueTree.Of(manifest, ManifestSchema.For(manifest))!;

    private static void EmitYaml(IEmitter emitter, object value)
    {
        switch (value)
        {
            case TreeMap map:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
                foreach (var (name, item) in map.Entries)
                {
                    EmitYaml(emitter, name);
                    EmitYaml(emitter, item);
                }

                emitter.Emit(new MappingEnd());
                break;
            case TreeList list:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in list.Items)
                {
                    EmitYaml(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case string text:
                // Text that would read back as a number, boolean or null is quoted to stay a string.
                var style = ScalarResolver.Resolve(text) == ScalarKind.String ? ScalarStyle.Any : ScalarStyle.DoubleQuoted;
                emitter.Emit(new Scalar(null, null, text, style, isPlainImplicit: true, isQuotedImplicit: true));
                break;
            case bool flag:
                emitter.Emit(new Scalar(flag ? "true" : "false"));
                break;
            case int number:
                emitter.Emit(new Scalar(number.ToString(CultureInfo.InvariantCulture)));
                break;
            default:
                throw new InvalidOperationException($"Cannot write {value.GetType().Name}.");
        }
    }

    private static JsonNode ToJsonNode(object value) => value switch
    {
        TreeMap map => new JsonObject(map.Entries.Select(e => new KeyValuePair<string, JsonNode?>(e.Key, ToJsonNode(e.Value)))),
        TreeList list => new JsonArray(list.Items.Select(ToJsonNode).ToArray()),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        _ => throw new InvalidOperationException($"Cannot write {value.GetType().Name}."),
    };
}
