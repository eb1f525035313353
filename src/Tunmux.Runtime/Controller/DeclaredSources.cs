using Tunmux.Api.Model;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// Where the desired set comes from: objects applied through the control socket or the CLI
/// (the declared state file) and, optionally, a GitOps folder, which wins on a name clash.
/// The last good stored set is kept in memory, so a corrupted state file never reads as
/// "everything was deleted".
/// </summary>
public sealed class DeclaredSources(DeclaredStateStore store, ManifestFolder? folder, Action<string>? warn = null)
{
    private readonly object _gate = new();
    private IReadOnlyList<ManifestObject>? _lastGoodStored;
    private IReadOnlyList<ManifestError> _storedErrors = [];
    private DateTime _storedStamp = DateTime.MinValue;

    public ManifestFolder? Folder => folder;

    /// <summary>Problems reading the sources; while there are any, nothing is deleted.</summary>
    public IReadOnlyList<ManifestError> Problems { get; private set; } = [];

    /// <summary>
    /// The current desired set. The stored state is parsed again only when its file changed
    /// (this runs on every drift poll). An unreadable file is rewritten from the last good copy.
    /// </summary>
    public IReadOnlyList<ManifestObject> Current()
    {
        lock (_gate)
        {
            var stamp = File.Exists(store.Path) ? File.GetLastWriteTimeUtc(store.Path) : DateTime.MinValue;
            if (_lastGoodStored is null || stamp != _storedStamp)
            {
                var stored = store.Load();
                _storedStamp = stamp;
                _storedErrors = stored.Errors;
                if (stored.IsValid)
                {
                    _lastGoodStored = stored.Objects;
                }
                else if (_lastGoodStored is { } lastGood)
                {
                    warn?.Invoke($"{store.Path} could not be read ({stored.Errors[0]}); restoring it from the last good copy");
                    store.Save(lastGood);
                    _storedStamp = File.GetLastWriteTimeUtc(store.Path);
                    _storedErrors = [];
                }
            }

            Problems = [.. _storedErrors, .. folder?.Errors ?? []];
            return DeclaredState.Merge(_lastGoodStored ?? [], folder?.Objects ?? []);
        }
    }

    /// <summary>
    /// True when the stored state could not be read and there is no good copy to fall back on:
    /// then nothing may be deleted, because a missing object may only be unreadable. (A broken
    /// GitOps file does not count: the folder keeps that file's last good objects itself.)
    /// </summary>
    public bool StoredStateUnreadable
    {
        get
        {
            lock (_gate)
            {
                return _storedErrors.Count > 0;
            }
        }
    }

}
