using Tunmux.Api.Model;
using Tunmux.Api.Schema;
using Tunmux.Api.Yaml;

namespace Tunmux.Api.Loading;

/// <summary>The object one document produced (null when it had errors), its errors, and what was bound despite them.</summary>
internal sealed record BoundDocument(ManifestObject? Object, IReadOnlyList<ManifestError> Errors, RejectedObject? Rejected = null);

/// <summary>Turns one YAML document into a manifest object of the kind it names.</summary>
internal static class DocumentBinder
{
    public static BoundDocument Bind(YamlNode root, string file, string baseDirectory)
    {
        var context = new BindContext(file, baseDirectory);
        if (root is not YamlMapping mapping)
        {
            context.Error(root, "", "a manifest must be a map with apiVersion, kind, metadata and spec");
            return new BoundDocument(null, context.Errors);
        }

        context.Positions[""] = mapping.Start;
        if (KindOf(mapping, context) is not { } shape)
        {
            return new BoundDocument(null, context.Errors);
        }

        var bound = (ManifestObject)new ValueBinder(context).Bind(mapping, shape, "")!;
        bound = bound with { Source = new SourceMap(file, context.Positions) };
        if (context.Errors.Count == 0)
        {
            return new BoundDocument(bound, []);
        }

        var subject = NameOf(mapping) is { } name ? $"{bound.Kind}/{name}" : null;
        var rejected = new RejectedObject(bound, subject, context.UnreadPaths.ToArray());
        return new BoundDocument(null, context.Errors.Select(e => e with { Subject = subject }).ToArray(), rejected);
    }

    /// <summary>The field table for the document's kind, or null (with an error) when the kind is missing or unknown.</summary>
    private static ObjectShape? KindOf(YamlMapping mapping, BindContext context)
    {
        var kind = mapping.Entries.FirstOrDefault(e => e.Key is YamlScalar { Text: "kind" });
        if (kind is null)
        {
            context.Error(mapping, "kind", $"is required ({string.Join(" or ", ManifestSchema.Kinds.Keys)})");
            return null;
        }

        if (kind.Value is not YamlScalar { Kind: ScalarKind.String } text)
        {
            context.Error(kind.Value, "kind", $"expected one of {string.Join(", ", ManifestSchema.Kinds.Keys)}");
            return null;
        }

        if (ManifestSchema.Kinds.TryGetValue(text.Text, out var shape))
        {
            return shape;
        }

        context.Error(text, "kind",
            $"unknown kind \"{text.Text}\"; expected one of {string.Join(", ", ManifestSchema.Kinds.Keys)}"
            + Suggestions.Hint(text.Text, ManifestSchema.Kinds.Keys));
        return null;
    }

    /// <summary>metadata.name when it is readable, even if other fields are broken, to name the object in errors.</summary>
    private static string? NameOf(YamlMapping mapping) =>
        mapping.Entries.FirstOrDefault(e => e.Key is YamlScalar { Text: "metadata" })?.Value is YamlMapping metadata
        && metadata.Entries.FirstOrDefault(e => e.Key is YamlScalar { Text: "name" })?.Value is YamlScalar
        {
            Kind: ScalarKind.String,
        } name
            ? name.Text
            : null;
}
