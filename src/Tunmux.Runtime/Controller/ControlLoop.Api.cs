using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Runtime.Operations;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// The control loop as a front end (the control socket, a Kubernetes source, a desktop app)
/// uses it. It never plans on a caller's behalf: a change to the declared set is stored, its
/// keys are queued, and the caller may wait for the outcome of the passes that follow.
/// <list type="bullet">
/// <item><see cref="ApplyAsync"/>, <see cref="DeleteAsync"/>: store the declared set, enqueue, optionally await outcomes.</item>
/// <item><see cref="WaitForAsync"/>: the outcome of the next full pass of some keys.</item>
/// <item><see cref="AwaitSubjectsAsync"/>: wait until tunnels and proxies are Ready, or can no longer be, or time is up.</item>
/// <item>Views: <see cref="Declared"/> (what the loop works from), <see cref="Status"/> (per key: last
/// report and outcome, retry schedule), <see cref="Board"/> (conditions and events per object).</item>
/// </list>
/// Other sources of declared state (a GitOps folder, Kubernetes, a config file) plug in as
/// <see cref="IDeclaredSource"/>s of <see cref="DeclaredSources"/>; they are read, never written here.
/// </summary>
public sealed partial class ControlLoop
{
    private readonly object _waitGate = new();
    private readonly Dictionary<string, List<TaskCompletionSource<KeyPass>>> _waiters = new(StringComparer.Ordinal);

    /// <summary>The declared set the loop works from (every source merged), with the sources' problems.</summary>
    public ManifestSet Declared
    {
        get
        {
            var objects = sources.Current();
            return new ManifestSet(objects, sources.Problems);
        }
    }

    /// <summary>
    /// Adds <paramref name="objects"/> to the stored declared set (replacing objects of the same kind
    /// and name; with <paramref name="prune"/> they become the whole stored set, and orphaned
    /// namespaces go too), queues the keys they name or touch and, when <paramref name="wait"/>,
    /// returns each such key's next pass. A set that does not validate is refused and nothing is stored.
    /// </summary>
    public Task<DeclaredChange> ApplyAsync(IReadOnlyList<ManifestObject> objects, bool prune, bool wait, CancellationToken cancellationToken) =>
        ChangeAsync(Applying(objects, prune), wait, dryRun: false, cancellationToken);

    /// <summary>Removes the selected objects (and the proxies of a removed tunnel) from the stored declared set.</summary>
    public Task<DeclaredChange> DeleteAsync(Func<ManifestObject, bool> selected, bool wait, CancellationToken cancellationToken) =>
        ChangeAsync(Deleting(selected), wait, dryRun: false, cancellationToken);

    /// <summary>Empties the stored declared set and removes everything tunmux runs that no source still declares, orphans included.</summary>
    public Task<DeclaredChange> DeleteAllAsync(bool wait, CancellationToken cancellationToken) =>
        ChangeAsync(new Change(_ => [], [], AllKeys: true), wait, dryRun: false, cancellationToken);

    /// <summary>What <see cref="ApplyAsync"/> would do: each key's plan, made by the same reconciler; nothing is stored or changed.</summary>
    public Task<DeclaredChange> PlanApplyAsync(IReadOnlyList<ManifestObject> objects, bool prune, CancellationToken cancellationToken) =>
        ChangeAsync(Applying(objects, prune), wait: false, dryRun: true, cancellationToken);

    /// <summary>What <see cref="DeleteAsync"/> would do (with null: <see cref="DeleteAllAsync"/>); nothing is stored or changed.</summary>
    public Task<DeclaredChange> PlanDeleteAsync(Func<ManifestObject, bool>? selected, CancellationToken cancellationToken) =>
        ChangeAsync(selected is null ? new Change(_ => [], [], AllKeys: true) : Deleting(selected), wait: false, dryRun: true, cancellationToken);

    /// <summary>Queues a full pass of <paramref name="keys"/> and returns the outcome of each.</summary>
    public async Task<IReadOnlyDictionary<string, KeyOutcome>> WaitForAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        (await WaitForPassesAsync(keys, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Key, p => p.Value.Outcome, StringComparer.Ordinal);

    /// <summary>Queues a full pass of <paramref name="keys"/> and returns what each pass found and did.</summary>
    public async Task<IReadOnlyDictionary<string, KeyPass>> WaitForPassesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var waits = keys.Distinct(StringComparer.Ordinal).ToDictionary(k => k, k => AddWaiter(k).Task, StringComparer.Ordinal);
        RequestFullPass(waits.Keys, "a client waits");
        await Task.WhenAll(waits.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
        return waits.ToDictionary(w => w.Key, w => w.Value.Result, StringComparer.Ordinal);
    }

    /// <summary>A change to the stored set, the notes it gives (cascaded deletes), and the keys it names beyond those it touches.</summary>
    private sealed record Change(
        Func<IReadOnlyList<ManifestObject>, IReadOnlyList<ManifestObject>> Apply, IReadOnlyList<string> Named, bool AllKeys = false, bool Orphans = false)
    {
        public List<string> Notes { get; } = [];
    }

    private static Change Applying(IReadOnlyList<ManifestObject> objects, bool prune) =>
        new(stored => prune ? objects : DeclaredState.Merge(stored, objects), [.. objects.Select(ReconcileScope.KeyOf)], Orphans: prune);

    private static Change Deleting(Func<ManifestObject, bool> selected)
    {
        Change? change = null;
        change = new Change(
            stored =>
            {
                var (remaining, cascaded) = DeclaredState.Remove(stored, selected);
                change!.Notes.AddRange(cascaded);
                return remaining;
            },
            []);
        return change;
    }

    private async Task<DeclaredChange> ChangeAsync(Change change, bool wait, bool dryRun, CancellationToken cancellationToken)
    {
        var stored = await sources.ChangeStoredAsync(change.Apply, cancellationToken, dryRun).ConfigureAwait(false);
        if (stored.Errors.Count > 0)
        {
            return new DeclaredChange(stored.Errors, stored.Keys, new Dictionary<string, KeyOutcome>());
        }

        IEnumerable<string> keys = [.. stored.Keys, .. change.Named];
        if (change.AllKeys)
        {
            keys = keys.Concat(AllKeys(stored.Declared));
        }

        if (change.Orphans || change.AllKeys)
        {
            keys = keys.Append(ReconcileScope.Host);
        }

        var queued = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (dryRun)
        {
            return new DeclaredChange([], queued, new Dictionary<string, KeyOutcome>()) { Passes = await PlanAsync(queued, stored.Declared, cancellationToken).ConfigureAwait(false), Notes = change.Notes };
        }

        if (!wait)
        {
            RequestFullPass(queued, "declared state changed");
            return new DeclaredChange([], queued, new Dictionary<string, KeyOutcome>()) { Notes = change.Notes };
        }

        var passes = await WaitForPassesAsync(queued, cancellationToken).ConfigureAwait(false);
        return new DeclaredChange([], queued, passes.ToDictionary(p => p.Key, p => p.Value.Outcome, StringComparer.Ordinal)) { Passes = passes, Notes = change.Notes };
    }

    /// <summary>Each key's plan against <paramref name="declared"/>, by the reconciler a pass uses, stopped before running it.</summary>
    private async Task<IReadOnlyDictionary<string, KeyPass>> PlanAsync(IReadOnlyList<string> keys, IReadOnlyList<ManifestObject> declared, CancellationToken cancellationToken)
    {
        var passes = new Dictionary<string, KeyPass>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var spec = await reconciler.PrepareAsync(key, declared, cancellationToken).ConfigureAwait(false);
            var report = await reconciler.PlanAsync(spec, cancellationToken, allowDeletes: !sources.StoredStateUnreadable).ConfigureAwait(false);
            passes[key] = new KeyPass(KeyOutcome.Of(report), report);
        }

        return passes;
    }

    /// <summary>Registers a waiter that hears the outcome of <paramref name="key"/>'s next full pass to start.</summary>
    private TaskCompletionSource<KeyPass> AddWaiter(string key)
    {
        var waiter = new TaskCompletionSource<KeyPass>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitGate)
        {
            if (!_waiters.TryGetValue(key, out var list))
            {
                _waiters[key] = list = [];
            }

            list.Add(waiter);
        }

        return waiter;
    }

    /// <summary>Forgets a waiter nobody listens to any more, so a key that is never reconciled again keeps none.</summary>
    private void DropWaiter(string key, TaskCompletionSource<KeyPass> waiter)
    {
        lock (_waitGate)
        {
            if (_waiters.TryGetValue(key, out var list) && list.Remove(waiter) && list.Count == 0)
            {
                _waiters.Remove(key);
            }
        }
    }

    private List<TaskCompletionSource<KeyPass>> TakeWaiters(string key)
    {
        lock (_waitGate)
        {
            return _waiters.Remove(key, out var list) ? list : [];
        }
    }

    private static void Complete(List<TaskCompletionSource<KeyPass>> waiting, KeyOutcome outcome, KeyReport report)
    {
        var pass = new KeyPass(outcome, report);
        foreach (var waiter in waiting)
        {
            waiter.TrySetResult(pass);
        }
    }
}

/// <summary>One pass over one key: what it came to and what it found and did.</summary>
public sealed record KeyPass(KeyOutcome Outcome, KeyReport Report);

/// <summary>What a change to the declared set came to.</summary>
/// <param name="Errors">Why the changed set was refused (nothing was stored); empty when it was stored.</param>
/// <param name="Keys">The keys the change touches (queued when it was stored).</param>
/// <param name="Outcomes">Each key's outcome, when the caller waited; empty otherwise.</param>
public sealed record DeclaredChange(IReadOnlyList<ManifestError> Errors, IReadOnlyList<string> Keys, IReadOnlyDictionary<string, KeyOutcome> Outcomes)
{
    public bool Refused => Errors.Count > 0;

    /// <summary>Each key's pass (its plan, and what running it did), when the caller waited or planned; empty otherwise.</summary>
    public IReadOnlyDictionary<string, KeyPass> Passes { get; init; } = new Dictionary<string, KeyPass>();

    /// <summary>Things a person should know that are not errors (proxies deleted with their tunnel).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
