using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// Where the desired set comes from: objects applied through the control socket or the CLI
/// (the declared state file) and any read-only <see cref="IDeclaredSource"/>s (a GitOps folder,
/// later Kubernetes or a config file); a later source wins on a name clash.
/// The last good stored set is kept in memory, so a corrupted state file never reads as
/// "everything was deleted".
/// </summary>
public sealed class DeclaredSources(DeclaredStateStore store, IDeclaredSource? folder, Action<string>? warn = null, IReadOnlyList<IDeclaredSource>? others = null)
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    private readonly object _gate = new();
    private readonly SemaphoreSlim _changing = new(1, 1);
    private IReadOnlyList<ManifestObject>? _lastGoodStored;
    private IReadOnlyList<ManifestError> _storedErrors = [];
    private DateTime _storedStamp = DateTime.MinValue;

    /// <summary>The read-only sources, in the order they are merged (a later one wins on a name clash).</summary>
    public IReadOnlyList<IDeclaredSource> Sources { get; } = [.. folder is null ? [] : new[] { folder }, .. others ?? []];

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

            Problems = [.. _storedErrors, .. Sources.SelectMany(s => s.Errors)];
            return Sources.Aggregate(_lastGoodStored ?? [], (merged, source) => DeclaredState.Merge(merged, source.Objects));
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

    /// <summary>
    /// Changes the stored declared set under the state lock (so a one-shot apply never interleaves):
    /// the changed set is validated together with what the read-only sources declare (a proxy may
    /// leave through a tunnel of the GitOps folder) and saved only when valid, and not at all for a
    /// <paramref name="dryRun"/>. Returns the keys whose objects were added, replaced or removed,
    /// and the whole declared set the change leads to.
    /// </summary>
    public async Task<StoredChange> ChangeStoredAsync(
        Func<IReadOnlyList<ManifestObject>, IReadOnlyList<ManifestObject>> change, CancellationToken cancellationToken, bool dryRun = false)
    {
        ArgumentNullException.ThrowIfNull(change);
        // Shared with the loop's passes (they only read this file); changes in this process take turns.
        using var held = await StateLock.AcquireSharedAsync(store.LockFile, LockTimeout, cancellationToken).ConfigureAwait(false);
        await _changing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Change(change, dryRun);
        }
        finally
        {
            _changing.Release();
        }
    }

    private StoredChange Change(Func<IReadOnlyList<ManifestObject>, IReadOnlyList<ManifestObject>> change, bool dryRun)
    {
        var loaded = store.Load();
        if (!loaded.IsValid)
        {
            return new StoredChange(loaded.Errors, [], []);
        }

        var before = loaded.Objects;
        var after = change(before);
        var touched = before.Except(after).Concat(after.Except(before)).Select(ReconcileScope.KeyOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var declared = WithSources(after);
        // Only the stored objects' own errors refuse the change: a broken folder file is the folder's to report.
        var stored = after.Select(o => o.KindAndName).ToHashSet(StringComparer.Ordinal);
        var errors = ManifestValidator.Validate(declared).Where(e => e.Subject is null || stored.Contains(e.Subject)).ToList();
        if (errors.Count > 0)
        {
            return new StoredChange(errors, touched, declared);
        }

        if (!dryRun)
        {
            store.Save(after);
        }

        return new StoredChange([], touched, declared);
    }

    /// <summary>The stored objects merged with every read-only source's, as <see cref="Current"/> merges them.</summary>
    private IReadOnlyList<ManifestObject> WithSources(IReadOnlyList<ManifestObject> stored)
    {
        lock (_gate)
        {
            return Sources.Aggregate(stored, (merged, source) => DeclaredState.Merge(merged, source.Objects));
        }
    }

    /// <summary>Reads every read-only source again; true when any of them changed.</summary>
    public bool ReloadSources() => Sources.Select(s => s.Reload()).ToList().Contains(true);
}

/// <param name="Errors">Why the changed set was refused; empty when it was stored.</param>
/// <param name="Keys">The keys whose objects the change adds, replaces or removes.</param>
/// <param name="Declared">The whole declared set after the change (stored and read-only sources merged).</param>
public sealed record StoredChange(IReadOnlyList<ManifestError> Errors, IReadOnlyList<string> Keys, IReadOnlyList<ManifestObject> Declared);
