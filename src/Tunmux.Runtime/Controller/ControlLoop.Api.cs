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
/// <item>Views: <see cref="Declared"/> (what the loop works from), <see cref="Status"/> (per key: last
/// report and outcome, retry schedule), <see cref="Board"/> (conditions and events per object).</item>
/// </list>
/// Other sources of declared state (a GitOps folder, Kubernetes, a config file) plug in as
/// <see cref="IDeclaredSource"/>s of <see cref="DeclaredSources"/>; they are read, never written here.
/// </summary>
public sealed partial class ControlLoop
{
    private readonly object _waitGate = new();
    private readonly Dictionary<string, List<TaskCompletionSource<KeyOutcome>>> _waiters = new(StringComparer.Ordinal);

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
    /// and name; with <paramref name="prune"/> they become the whole stored set), queues the keys
    /// they touch and, when <paramref name="wait"/>, returns each such key's next outcome. A set that
    /// does not validate is refused and nothing is stored.
    /// </summary>
    public Task<DeclaredChange> ApplyAsync(IReadOnlyList<ManifestObject> objects, bool prune, bool wait, CancellationToken cancellationToken) =>
        ChangeAsync(stored => prune ? objects : DeclaredState.Merge(stored, objects), wait, cancellationToken);

    /// <summary>Removes the selected objects (and the proxies of a removed tunnel) from the stored declared set.</summary>
    public Task<DeclaredChange> DeleteAsync(Func<ManifestObject, bool> selected, bool wait, CancellationToken cancellationToken) =>
        ChangeAsync(stored => DeclaredState.Remove(stored, selected).Remaining, wait, cancellationToken);

    /// <summary>Queues a full pass of <paramref name="keys"/> and returns the outcome of each.</summary>
    public async Task<IReadOnlyDictionary<string, KeyOutcome>> WaitForAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var waits = keys.Distinct(StringComparer.Ordinal).ToDictionary(k => k, AddWaiter, StringComparer.Ordinal);
        RequestFullPass(waits.Keys);
        await Task.WhenAll(waits.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
        return waits.ToDictionary(w => w.Key, w => w.Value.Result, StringComparer.Ordinal);
    }

    private async Task<DeclaredChange> ChangeAsync(Func<IReadOnlyList<ManifestObject>, IReadOnlyList<ManifestObject>> change, bool wait, CancellationToken cancellationToken)
    {
        var stored = await sources.ChangeStoredAsync(change, cancellationToken).ConfigureAwait(false);
        if (stored.Errors.Count > 0)
        {
            return new DeclaredChange(stored.Errors, stored.Keys, new Dictionary<string, KeyOutcome>());
        }

        if (!wait)
        {
            RequestFullPass(stored.Keys);
            return new DeclaredChange([], stored.Keys, new Dictionary<string, KeyOutcome>());
        }

        var outcomes = await WaitForAsync(stored.Keys, cancellationToken).ConfigureAwait(false);
        return new DeclaredChange([], stored.Keys, outcomes);
    }

    private Task<KeyOutcome> AddWaiter(string key)
    {
        var waiter = new TaskCompletionSource<KeyOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitGate)
        {
            if (!_waiters.TryGetValue(key, out var list))
            {
                _waiters[key] = list = [];
            }

            list.Add(waiter);
        }

        return waiter.Task;
    }

    private List<TaskCompletionSource<KeyOutcome>> TakeWaiters(string key)
    {
        lock (_waitGate)
        {
            return _waiters.Remove(key, out var list) ? list : [];
        }
    }

    private static void Complete(List<TaskCompletionSource<KeyOutcome>> waiting, KeyOutcome outcome)
    {
        foreach (var waiter in waiting)
        {
            waiter.TrySetResult(outcome);
        }
    }
}

/// <summary>What a change to the declared set came to.</summary>
/// <param name="Errors">Why the changed set was refused (nothing was stored); empty when it was stored.</param>
/// <param name="Keys">The keys the change touches (queued when it was stored).</param>
/// <param name="Outcomes">Each key's outcome, when the caller waited; empty otherwise.</param>
public sealed record DeclaredChange(IReadOnlyList<ManifestError> Errors, IReadOnlyList<string> Keys, IReadOnlyDictionary<string, KeyOutcome> Outcomes)
{
    public bool Refused => Errors.Count > 0;
}
