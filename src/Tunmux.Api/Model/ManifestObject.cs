namespace Tunmux.Api.Model;

/// <summary>Fields every tunmux object carries, as in Kubernetes.</summary>
public abstract record ManifestObject
{
    public const string V1Alpha1 = "tunmux.io/v1alpha1";

    public string ApiVersion { get; init; } = V1Alpha1;

    public abstract string Kind { get; }

    public required ObjectMeta Metadata { get; init; }

    /// <summary>Where the object's fields were read from; null for objects built in code.</summary>
    public SourceMap? Source { get; init; }

    /// <summary>
    /// The uid that declared the object through the control socket; 0 (root) for everything else
    /// (the daemon's manifest folder, Kubernetes, root). Not a manifest field: no manifest sets it;
    /// the daemon stamps it and the declared-state store keeps it. It decides who may change or
    /// remove the object.
    /// </summary>
    public uint OwnerUid { get; init; }

    public string Name => Metadata.Name;

    /// <summary>"Kind/name", as <see cref="ManifestError.Subject"/> names objects.</summary>
    public string KindAndName => $"{Kind}/{Name}";
}

public sealed record ObjectMeta
{
    public required string Name { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
