using Tunmux.Api.Model;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// A read-only source of declared objects beside the stored applies: a GitOps folder today, a
/// Kubernetes source or a desktop config file next. The loop reads <see cref="Objects"/> on every
/// pass, calls <see cref="Reload"/> at each resync and reconciles everything when a source says it
/// changed. A source that cannot read part of its input keeps that part's last good objects and
/// reports <see cref="Errors"/>: a broken input is never a request to delete.
/// </summary>
public interface IDeclaredSource
{
    /// <summary>How messages name the source, e.g. the folder's path.</summary>
    string Name { get; }

    IReadOnlyList<ManifestObject> Objects { get; }

    IReadOnlyList<ManifestError> Errors { get; }

    /// <summary>Reads the input again; true when the objects or errors changed.</summary>
    bool Reload();

    /// <summary>
    /// Starts watching the input: <paramref name="changed"/> runs after the source reloaded itself
    /// and found a change. Disposing stops the watch. A source without events returns null (the
    /// periodic resync still reloads it).
    /// </summary>
    IDisposable? Watch(Action changed);
}
