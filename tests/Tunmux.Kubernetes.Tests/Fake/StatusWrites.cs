using System.Text.Json.Nodes;

namespace Tunmux.Kubernetes.Tests.Fake;

/// <summary>
/// The two ways the fake changes a status, as the API server does: server-side apply (fields owned
/// per field manager, list-map items merged by key, a field another manager owns with another value
/// is a conflict unless forced, fields the manager stops applying are removed unless someone else
/// owns them) and JSON merge patch (RFC 7386; the changed fields move to the updating manager).
/// </summary>
internal static class StatusWrites
{
    /// <summary>The conflicting paths when not forced; otherwise empty and the object is changed.</summary>
    public static IReadOnlyList<string> Apply(StoredObject stored, string manager, JsonObject? appliedStatus, bool force)
    {
        var applied = FieldSet.Flatten(appliedStatus);
        var current = FieldSet.Flatten(stored.Body["status"] as JsonObject);
        var currentByPath = current.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        var key = (manager, "Apply");

        var conflicts = applied
            .Where(l => currentByPath.TryGetValue(l.Key, out var now) && !JsonNode.DeepEquals(now, l.Value))
            .Where(l => stored.Owners.Any(o => o.Key != key && o.Value.Contains(l.Key)))
            .Select(l => l.Key)
            .ToList();
        if (conflicts.Count > 0 && !force)
        {
            return conflicts;
        }

        foreach (var other in stored.Owners.Where(o => o.Key != key))
        {
            other.Value.ExceptWith(conflicts);
        }

        var appliedPaths = applied.Select(l => l.Key).ToHashSet(StringComparer.Ordinal);
        var dropped = stored.Owners.GetValueOrDefault(key, []).Where(p => !appliedPaths.Contains(p))
            .Where(p => !stored.Owners.Any(o => o.Key != key && o.Value.Contains(p)))
            .ToHashSet(StringComparer.Ordinal);

        var merged = current.Where(l => !dropped.Contains(l.Key)).ToList();
        foreach (var leaf in applied)
        {
            var at = merged.FindIndex(l => l.Key == leaf.Key);
            if (at >= 0)
            {
                merged[at] = leaf;
            }
            else
            {
                merged.Add(leaf);
            }
        }

        stored.Owners[key] = appliedPaths;
        SetStatus(stored, merged);
        return [];
    }

    public static void MergePatch(StoredObject stored, string manager, JsonObject? patchStatus)
    {
        var before = FieldSet.Flatten(stored.Body["status"] as JsonObject);
        var status = stored.Body["status"]?.DeepClone() as JsonObject ?? new JsonObject();
        var merged = patchStatus is null ? status : Merge(status, patchStatus);
        var after = FieldSet.Flatten(merged);
        var beforeByPath = before.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        var afterPaths = after.Select(l => l.Key).ToHashSet(StringComparer.Ordinal);
        var changed = after.Where(l => !beforeByPath.TryGetValue(l.Key, out var was) || !JsonNode.DeepEquals(was, l.Value))
            .Select(l => l.Key).ToHashSet(StringComparer.Ordinal);

        foreach (var owner in stored.Owners.Values)
        {
            owner.ExceptWith(changed);
            owner.IntersectWith(afterPaths);
        }

        var key = (manager, "Update");
        stored.Owners[key] = [.. stored.Owners.GetValueOrDefault(key, []), .. changed];
        SetStatus(stored, after);
    }

    /// <summary>RFC 7386: objects merge, null deletes, anything else (lists included) replaces.</summary>
    private static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchChild)
            {
                target[name] = Merge(target[name] as JsonObject ?? new JsonObject(), patchChild);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }

        return target;
    }

    private static void SetStatus(StoredObject stored, IEnumerable<KeyValuePair<string, JsonNode?>> leaves)
    {
        var status = FieldSet.Unflatten(leaves);
        if (status is null)
        {
            stored.Body.Remove("status");
        }
        else
        {
            stored.Body["status"] = status;
        }
    }
}
