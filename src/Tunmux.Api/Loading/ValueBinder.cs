using Tunmux.Api.Schema;
using Tunmux.Api.Yaml;

namespace Tunmux.Api.Loading;

/// <summary>
/// Binds YAML nodes to values by their <see cref="Shape"/>, recording every problem instead of stopping
/// at the first. Returns null for a value that could not be bound.
/// </summary>
internal sealed partial class ValueBinder(BindContext context)
{
    private static readonly StringShape LabelValue = new();

    public object? Bind(YamlNode node, Shape shape, string path) => shape switch
    {
        ObjectShape objectShape => BindObject(node, objectShape, path),
        ListShape list => BindList(node, list, path),
        StringMapShape map => BindStringMap(node, map, path),
        EnumShape enumShape => BindEnum(node, enumShape, path),
        StringShape text => BindString(node, text, path),
        IntegerShape integer => BindInteger(node, integer, path),
        BooleanShape boolean => BindBoolean(node, boolean, path),
        DurationShape duration => BindDuration(node, duration, path),
        _ => throw new InvalidOperationException($"No binder for {shape.GetType().Name}."),
    };

    private object? BindObject(YamlNode node, ObjectShape shape, string path)
    {
        if (node is not YamlMapping mapping)
        {
            return WrongType(node, shape, path);
        }

        var target = shape.CreateEmpty();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, key, value) in Entries(mapping, path))
        {
            var fieldPath = FieldPath.Child(path, name);
            if (shape.Find(name) is not { } field)
            {
                ReportUnknownField(shape, name, key, path);
                continue;
            }

            context.RecordField(fieldPath, key, value);
            present.Add(name);
            if (IsNull(value))
            {
                // An empty value means "not set", as in Kubernetes; a required field still needs one.
                if (field.Required)
                {
                    context.Error(key, fieldPath, "needs a value");
                }

                continue;
            }

            if (Bind(value, field.Shape, fieldPath) is { } bound)
            {
                target = field.With(target, bound);
            }
        }

        foreach (var missing in shape.Fields.Where(f => f.Required && !present.Contains(f.Name)))
        {
            context.Error(context.PositionOf(path, mapping), FieldPath.Child(path, missing.Name), "is required");
        }

        return target;
    }

    private void ReportUnknownField(ObjectShape shape, string name, YamlNode key, string parent)
    {
        var fieldPath = FieldPath.Child(parent, name);
        if (shape.InlineSecrets.TryGetValue(name, out var useInstead))
        {
            context.Error(key, fieldPath,
                $"secrets are never inline: put the key in a file (mode 0600) and use {useInstead}");
            context.MarkStandIn(FieldPath.Child(parent, useInstead));
            return;
        }

        var suggestion = Suggestions.Closest(name, shape.Fields.Select(f => f.Name));
        context.Error(key, fieldPath,
            suggestion is null ? $"unknown field \"{name}\"" : $"unknown field \"{name}\" (did you mean \"{suggestion}\"?)");
        if (suggestion is not null)
        {
            context.MarkStandIn(FieldPath.Child(parent, suggestion));
        }
    }

    private object? BindList(YamlNode node, ListShape shape, string path)
    {
        if (node is not YamlSequence sequence)
        {
            return WrongType(node, shape, path);
        }

        var items = new List<object>();
        var failed = false;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = FieldPath.Item(path, i);
            var item = sequence.Items[i];
            context.Positions[itemPath] = item.Start;
            if (Bind(item, shape.Items, itemPath) is { } bound)
            {
                items.Add(bound);
            }
            else
            {
                failed = true;
            }
        }

        return failed ? null : items;
    }

    private object? BindStringMap(YamlNode node, StringMapShape shape, string path)
    {
        if (node is not YamlMapping mapping)
        {
            return WrongType(node, shape, path);
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, key, value) in Entries(mapping, path))
        {
            var entryPath = FieldPath.Child(path, name);
            context.RecordField(entryPath, key, value);
            if (BindString(value, LabelValue, entryPath) is string text)
            {
                map[name] = text;
            }
        }

        return map;
    }

    /// <summary>The entries of a mapping whose keys are strings, reporting odd and repeated keys.</summary>
    private IEnumerable<(string Name, YamlNode Key, YamlNode Value)> Entries(YamlMapping mapping, string path)
    {
        var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key is not YamlScalar { Kind: not ScalarKind.Null } key)
            {
                context.Error(entry.Key, path, "field names must be plain words");
                continue;
            }

            if (seen.TryGetValue(key.Text, out var first))
            {
                context.Error(key, FieldPath.Child(path, key.Text),
                    $"is written twice (first at line {first.Start.Line}, column {first.Start.Column})");
                continue;
            }

            seen[key.Text] = key;
            yield return (key.Text, key, entry.Value);
        }
    }
}
