using System.Text.Json.Nodes;

namespace Tunmux.Kubernetes.Tests.Fake;

/// <summary>
/// A status object as its fields, the way server-side apply tracks ownership: one path per leaf
/// ("f:status", "f:nodes", "k:{"node":"a"}", "f:phase"), list-map items keyed by their key field and
/// marked with a "." path of their own. Other lists are atomic (one leaf).
/// </summary>
internal static class FieldSet
{
    /// <summary>Where the CRDs declare list maps, and their key.</summary>
    private static readonly Dictionary<string, string> ListMapKeys = new(StringComparer.Ordinal)
    {
        ["f:status\u0001f:nodes"] = "node",
    };

    public const char Separator = '\u0001';

    public const string ItemMarker = ".";

    /// <summary>Leaf paths to values, in document order.</summary>
    public static List<KeyValuePair<string, JsonNode?>> Flatten(JsonObject? status)
    {
        var leaves = new List<KeyValuePair<string, JsonNode?>>();
        if (status is not null)
        {
            Walk(status, "f:status", leaves);
        }

        return leaves;
    }

    public static JsonObject? Unflatten(IEnumerable<KeyValuePair<string, JsonNode?>> leaves)
    {
        var root = new JsonObject();
        foreach (var (path, value) in leaves)
        {
            var segments = path.Split(Separator);
            JsonNode parent = root;
            for (var i = 1; i < segments.Length; i++)
            {
                var segment = segments[i];
                var last = i == segments.Length - 1;
                if (segment == ItemMarker)
                {
                    break;
                }

                if (segment.StartsWith("k:", StringComparison.Ordinal))
                {
                    var list = (JsonArray)parent;
                    var key = JsonNode.Parse(segment[2..])!.AsObject().Single();
                    var item = list.OfType<JsonObject>().FirstOrDefault(o => o[key.Key]?.GetValue<string>() == key.Value!.GetValue<string>());
                    if (item is null)
                    {
                        item = new JsonObject { [key.Key] = key.Value!.DeepClone() };
                        list.Add(item);
                    }

                    parent = item;
                    continue;
                }

                var name = segment[2..];
                var map = (JsonObject)parent;
                if (last)
                {
                    map[name] = value?.DeepClone();
                }
                else
                {
                    var isList = ListMapKeys.ContainsKey(string.Join(Separator, segments[..(i + 1)]));
                    if (map[name] is not JsonNode child)
                    {
                        child = isList ? new JsonArray() : new JsonObject();
                        map[name] = child;
                    }

                    parent = child;
                }
            }
        }

        return root.Count == 0 ? null : root;
    }

    /// <summary>The managedFields "fieldsV1" tree of a set of paths.</summary>
    public static JsonObject FieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths)
        {
            var node = root;
            foreach (var segment in path.Split(Separator))
            {
                if (node[segment] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[segment] = child;
                }

                node = child;
            }
        }

        return root;
    }

    private static void Walk(JsonObject map, string prefix, List<KeyValuePair<string, JsonNode?>> leaves)
    {
        foreach (var (name, value) in map)
        {
            var path = prefix + Separator + "f:" + name;
            switch (value)
            {
                case JsonObject { Count: > 0 } child:
                    Walk(child, path, leaves);
                    break;
                case JsonArray list when ListMapKeys.TryGetValue(path, out var keyField):
                    foreach (var item in list.OfType<JsonObject>())
                    {
                        var key = new JsonObject { [keyField] = item[keyField]?.DeepClone() }.ToJsonString();
                        var itemPath = path + Separator + "k:" + key;
                        leaves.Add(new(itemPath + Separator + ItemMarker, null));
                        foreach (var (field, fieldValue) in item)
                        {
                            leaves.Add(new(itemPath + Separator + "f:" + field, fieldValue?.DeepClone()));
                        }
                    }

                    break;
                default:
                    leaves.Add(new(path, value?.DeepClone()));
                    break;
            }
        }
    }
}
