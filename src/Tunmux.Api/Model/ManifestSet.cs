namespace Tunmux.Api.Model;

/// <summary>What loading a file or folder produced: the objects and every problem found.</summary>
public sealed record ManifestSet(IReadOnlyList<ManifestObject> Objects, IReadOnlyList<ManifestError> Errors)
{
    public static ManifestSet Empty { get; } = new([], []);

    public bool IsValid => Errors.Count == 0;

    /// <summary>Objects left out because of loading errors, kept for the validator (see <see cref="RejectedObject"/>).</summary>
    internal IReadOnlyList<RejectedObject> Rejected { get; init; } = [];

    public IEnumerable<TunnelManifest> Tunnels => Objects.OfType<TunnelManifest>();

    public IEnumerable<ProxyManifest> Proxies => Objects.OfType<ProxyManifest>();

    /// <summary>The errors that concern one object (by kind and name).</summary>
    public IEnumerable<ManifestError> ErrorsFor(ManifestObject manifest) =>
        Errors.Where(e => e.Subject == manifest.KindAndName);
}
