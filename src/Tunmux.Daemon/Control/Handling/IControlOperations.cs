using Tunmux.Api.Model;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Reports;

namespace Tunmux.Daemon.Control.Handling;

/// <summary>
/// What the control socket may ask of the reconcile engine, and nothing more. The handler checks
/// the peer and the request; this does the work. One implementation wraps the engine, so moving to
/// another engine is one file.
/// </summary>
public interface IControlOperations
{
    /// <summary>Adds <paramref name="input"/> to the declared set (or makes it the set, with prune); a dry run only plans.</summary>
    Task<OperationReport> ApplyAsync(ManifestSet input, bool prune, bool dryRun, CancellationToken cancellationToken);

    /// <summary>Removes the selected objects from the declared set; null selects all, orphans included.</summary>
    Task<OperationReport> DeleteAsync(Func<ManifestObject, bool>? selected, bool dryRun, CancellationToken cancellationToken);

    /// <param name="redact">Applied to each declared object before it leaves (hook arguments for non-root readers).</param>
    Task<ViewReport> ViewAsync(Func<ManifestObject, ManifestObject> redact, CancellationToken cancellationToken);

    /// <summary>
    /// Waits for the subjects ("tunnel/NAME", "proxy/NAME") through the engine's passes: until all are
    /// Ready, one can no longer be, or <paramref name="timeout"/> has passed.
    /// </summary>
    Task<IReadOnlyList<SubjectVerdict>> WaitAsync(IReadOnlyList<string> subjects, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The objects the socket's applies stored (not the GitOps folder's), to tell which forwarded files are still used.</summary>
    IReadOnlyList<ManifestObject> StoredObjects();
}
