using Tunmux.Api.Model;

namespace Tunmux.Api.Schema;

/// <summary>The fields every kind shares: apiVersion, kind and metadata.</summary>
internal static class MetadataFields
{
    public static readonly ObjectShape<ObjectMeta> Metadata =
        new ObjectShape<ObjectMeta>("Identifies the object.", () => new ObjectMeta { Name = "" })
            .Add(
                "name",
                new StringShape { Pattern = ManifestLimits.NamePattern, MaxLength = ManifestLimits.MaxNameLength },
                "Unique among objects of the same kind: lower-case letters, digits and '-', at most 32 characters.",
                m => m.Name,
                (m, v) => m with { Name = (string)v },
                required: true)
            .Add(
                "labels",
                new StringMapShape(),
                "Free key/value pairs to select objects by (Kubernetes label syntax).",
                m => m.Labels,
                (m, v) => m with { Labels = (IReadOnlyDictionary<string, string>)v });

    /// <summary>A root shape for one kind: apiVersion, kind, metadata, then the kind's spec.</summary>
    public static ObjectShape<T> Root<T>(string kind, string description, Func<T> create)
        where T : ManifestObject =>
        new ObjectShape<T>(description, create)
            .Add(
                "apiVersion",
                EnumShape.OfWords(ManifestObject.V1Alpha1),
                "The version of the tunmux API this object is written for.",
                o => o.ApiVersion,
                (o, v) => (T)(o with { ApiVersion = (string)v }),
                required: true)
            .Add(
                "kind",
                EnumShape.OfWords(kind),
                "The kind of object.",
                o => o.Kind,
                (o, _) => o,
                required: true)
            .Add(
                "metadata",
                Metadata,
                "Name and labels.",
                o => o.Metadata,
                (o, v) => (T)(o with { Metadata = (ObjectMeta)v }),
                required: true);
}
