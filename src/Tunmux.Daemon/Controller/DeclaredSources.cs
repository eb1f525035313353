using Tunmux.Api.Model;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.State;

namespace Tunmux.Daemon.Controller;

/// <summary>
/// Where the desired set comes from: objects applied through the control socket or the CLI
/// (the declared state file) and, optionally, a GitOps folder, which wins on a name clash.
/// The last good stored set is kept in memory, so a corrupted state file never reads as
/// "everything was deleted".
/// </summary>
public sealed class DeclaredSources(DeclaredStateStore store, ManifestFolder? folder)
{
    private IReadOnlyList<ManifestObject> _lastGoodStored = [];

    public ManifestFolder? Folder => folder;

    /// <summary>Problems reading the sources; while there are any, nothing is deleted.</summary>
    public IReadOnlyList<ManifestError> Problems { get; private set; } = [];

    public IReadOnlyList<ManifestObject> Current()
    {
        var stored = store.Load();
        if (stored.IsValid)
        {
            _lastGoodStored = stored.Objects;
        }

        Problems = [.. stored.Errors, .. folder?.Errors ?? []];
        return DeclaredState.Merge(_lastGoodStored, folder?.Objects ?? []);
    }

    /// <summary>True when the stored state could not be read and the in-memory copy is in use.</summary>
    public bool StoredStateUnreadable => Problems.Count > 0 && Problems.Any(p => folder is null || !p.Position.File.StartsWith(folder.Directory, StringComparison.Ordinal));
}
