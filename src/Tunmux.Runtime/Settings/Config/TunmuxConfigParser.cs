using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Tunmux.Runtime.Settings.Config;

/// <summary>config.toml read, or the reasons it could not be; each reason starts with FILE:LINE:COLUMN.</summary>
public sealed record ConfigLoad(TunmuxConfig Config, IReadOnlyList<string> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Reads config.toml from Tomlyn's syntax tree (no reflection, so it works under Native AOT):
/// every key is checked against <see cref="ConfigSchema"/>, and an unknown table or key, a
/// duplicate, or a value of the wrong type is an error that names its line and column.
/// </summary>
public static class TunmuxConfigParser
{
    public static ConfigLoad Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var document = SyntaxParser.Parse(text, fileName, true);
        var errors = document.Diagnostics
            .Where(d => d.Kind == DiagnosticMessageKind.Error)
            .Select(d => At(fileName, d.Span, d.Message))
            .ToList();
        if (errors.Count > 0)
        {
            return new ConfigLoad(TunmuxConfig.Default, errors);
        }

        var config = TunmuxConfig.Default;
        foreach (var stray in document.KeyValues)
        {
            errors.Add(At(fileName, stray.Span, $"key \"{KeyText(stray.Key)}\" must be inside a table such as [general]"));
        }

        var seenTables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in document.Tables)
        {
            var name = KeyText(table.Name);
            if (table is TableArraySyntax || !ConfigSchema.Tables.TryGetValue(name, out var keys))
            {
                errors.Add(At(fileName, table.Span, $"unknown table [{name}]; known: {string.Join(", ", ConfigSchema.Tables.Keys.Select(k => $"[{k}]"))}"));
                continue;
            }

            if (!seenTables.Add(name))
            {
                errors.Add(At(fileName, table.Span, $"table [{name}] appears twice"));
                continue;
            }

            var seenKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in table.Items)
            {
                config = ReadEntry(config, fileName, name, keys, entry, seenKeys, errors);
            }
        }

        return new ConfigLoad(errors.Count == 0 ? config : TunmuxConfig.Default, errors);
    }

    private static TunmuxConfig ReadEntry(
        TunmuxConfig config, string fileName, string table, IReadOnlyDictionary<string, ConfigKey> keys, KeyValueSyntax entry, HashSet<string> seenKeys, List<string> errors)
    {
        var key = KeyText(entry.Key);
        if (!keys.TryGetValue(key, out var known))
        {
            errors.Add(At(fileName, entry.Span, $"unknown key \"{key}\" in [{table}]; known: {string.Join(", ", keys.Keys)}"));
            return config;
        }

        if (!seenKeys.Add(key))
        {
            errors.Add(At(fileName, entry.Span, $"key \"{key}\" in [{table}] appears twice"));
            return config;
        }

        var valueSpan = entry.Value?.Span ?? entry.Span;
        object? value = (known.Kind, entry.Value) switch
        {
            (TomlKind.String, StringValueSyntax s) => s.Value,
            (TomlKind.Boolean, BooleanValueSyntax b) => b.Value,
            (TomlKind.Integer, IntegerValueSyntax i) => i.Value,
            _ => null,
        };
        if (value is null)
        {
            errors.Add(At(fileName, valueSpan, $"[{table}] {key}: expected {Describe(known.Kind)}, found {Describe(entry.Value)}"));
            return config;
        }

        var (changed, error) = known.Apply(config, value);
        if (error is not null)
        {
            errors.Add(At(fileName, valueSpan, $"[{table}] {key}: {error}"));
            return config;
        }

        return changed;
    }

    /// <summary>A key as written, dotted parts joined with dots (a dotted key is never a known one).</summary>
    private static string KeyText(KeySyntax? key)
    {
        if (key is null)
        {
            return "";
        }

        var parts = new List<string> { Part(key.Key) };
        foreach (var dotted in key.DotKeys)
        {
            parts.Add(Part(dotted.Key));
        }

        return string.Join(".", parts);
    }

    private static string Part(BareKeyOrStringValueSyntax? part) => part switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };

    private static string Describe(TomlKind kind) => kind switch
    {
        TomlKind.String => "a string",
        TomlKind.Boolean => "true or false",
        _ => "an integer",
    };

    private static string Describe(ValueSyntax? value) => value switch
    {
        StringValueSyntax => "a string",
        BooleanValueSyntax => "a boolean",
        IntegerValueSyntax => "an integer",
        FloatValueSyntax => "a float",
        ArraySyntax => "an array",
        InlineTableSyntax => "an inline table",
        DateTimeValueSyntax => "a date",
        _ => "nothing",
    };

    /// <summary>Tomlyn counts lines and columns from zero; people and editors from one.</summary>
    private static string At(string fileName, SourceSpan span, string message) =>
        $"{fileName}:{span.Start.Line + 1}:{span.Start.Column + 1}: {message}";
}
