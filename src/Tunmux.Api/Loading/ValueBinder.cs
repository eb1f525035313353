using System.Globalization;
using Tunmux.Api.Schema;
using Tunmux.Api.Yaml;

namespace Tunmux.Api.Loading;

/// <summary>
/// Binds YAML nodes to values by their <see cref="Shape"/>, recording every problem instead of stopping
/// at the first. Returns null for a value that could not be bound.
/// </summary>
internal sealed class ValueBinder(BindContext context)
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
                ReportUnknownField(shape, name, key, fieldPath);
                continue;
            }

            context.RecordField(fieldPath, key, value);
            if (IsNull(value))
            {
                if (field.Required)
                {
                    context.Error(key, fieldPath, "needs a value");
                }

                present.Add(name);
                continue;
            }

            present.Add(name);
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

    private void ReportUnknownField(ObjectShape shape, string name, YamlNode key, string fieldPath)
    {
        if (shape.InlineSecrets.TryGetValue(name, out var useInstead))
        {
            context.Error(key, fieldPath,
                $"secrets are never inline: put the key in a file (mode 0600) and use {useInstead}");
            return;
        }

        context.Error(key, fieldPath,
            $"unknown field \"{name}\"{Suggestions.Hint(name, shape.Fields.Select(f => f.Name))}");
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

    private object? BindEnum(YamlNode node, EnumShape shape, string path)
    {
        if (node is not YamlScalar { Kind: ScalarKind.String } scalar)
        {
            return WrongType(node, shape, path);
        }

        if (shape.TryParse(scalar.Text, out var value))
        {
            return value;
        }

        var message = shape.Values.Count == 1
            ? $"expected \"{shape.Values[0]}\", got \"{scalar.Text}\""
            : $"unknown value \"{scalar.Text}\"; expected one of {string.Join(", ", shape.Values)}"
                + Suggestions.Hint(scalar.Text, shape.Values);
        context.Error(node, path, message);
        return null;
    }

    private object? BindString(YamlNode node, StringShape shape, string path)
    {
        if (node is not YamlScalar { Kind: ScalarKind.String } scalar)
        {
            return WrongType(node, shape, path);
        }

        if (shape.IsFilePath && scalar.Text.Length > 0)
        {
            return Path.GetFullPath(scalar.Text, context.BaseDirectory);
        }

        return scalar.Text;
    }

    private object? BindInteger(YamlNode node, IntegerShape shape, string path)
    {
        if (node is not YamlScalar { Kind: ScalarKind.Integer } scalar)
        {
            return WrongType(node, shape, path);
        }

        if (TryParseInteger(scalar.Text, out var value))
        {
            return value;
        }

        context.Error(node, path, $"{scalar.Text} is too large for an integer field");
        return null;
    }

    private object? BindBoolean(YamlNode node, BooleanShape shape, string path)
    {
        if (node is not YamlScalar { Kind: ScalarKind.Boolean } scalar)
        {
            return WrongType(node, shape, path);
        }

        return ScalarResolver.IsTrue(scalar.Text);
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

    private object? WrongType(YamlNode node, Shape expected, string path)
    {
        var quoteHint = expected is StringShape or EnumShape && node is YamlScalar { Kind: not ScalarKind.Null }
            ? " (quote it if it is text)"
            : "";
        context.Error(node, path, $"expected {expected.Noun}, got {Describe(node)}{quoteHint}");
        return null;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMapping => "a map",
        YamlSequence => "a list",
        YamlScalar scalar => scalar.Kind switch
        {
            ScalarKind.Null => "nothing (null)",
            ScalarKind.Boolean => $"the boolean {scalar.Text}",
            ScalarKind.Integer => $"the integer {scalar.Text}",
            ScalarKind.Float => $"the number {scalar.Text}",
            _ => $"the string \"{scalar.Text}\"",
        },
        _ => "something else",
    };

    private static bool IsNull(YamlNode node) => node is YamlScalar { Kind: ScalarKind.Null };

    private static bool TryParseInteger(string text, out int value)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
                && value >= 0;
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            value = 0;
            foreach (var digit in text.AsSpan(2))
            {
                if (value > (int.MaxValue - 7) / 8)
                {
                    return false;
                }

                value = (value * 8) + (digit - '0');
            }

            return true;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
