using Tunmux.Api.Schema;
using Tunmux.Api.Validation;
using Tunmux.Api.Yaml;

namespace Tunmux.Api.Loading;

/// <summary>Scalars: strings, file paths, enum words, integers, booleans and durations, and the wrong-type message.</summary>
internal sealed partial class ValueBinder
{
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

        if (shape.IsFilePath && WireGuardKey.IsValid(scalar.Text))
        {
            // A key pasted where its file belongs: refuse it, and never repeat it in a message.
            context.Error(node, path, "holds a key, not a file path: secrets are never inline; put the key in a file (mode 0600)");
            return null;
        }

        if (shape.IsFilePath && scalar.Text.Contains('\0'))
        {
            context.Error(node, path, "holds a NUL character, which no file path can contain");
            return null;
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

        if (ScalarResolver.TryParseInteger(scalar.Text, out var value))
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

    private object? BindDuration(YamlNode node, DurationShape shape, string path)
    {
        if (node is not YamlScalar { Kind: ScalarKind.String or ScalarKind.Integer } scalar)
        {
            return WrongType(node, shape, path);
        }

        if (GoDuration.TryParse(scalar.Text, out var value))
        {
            return value;
        }

        context.Error(node, path, $"\"{scalar.Text}\" is not a duration: a number with a unit, e.g. 168h, 30m or 1h30m");
        return null;
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
}
