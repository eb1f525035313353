using Tunmux.Api.Model;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// The one-shot `tunmux apply` and `delete` (no daemon): the same loop and Reconcile(key), run once
/// over every key of the changed declared set, without the worker, timers or probes. Unlike the
/// daemon, a one-shot change is all or nothing: every key is resolved first, and any error refuses
/// the change before anything is stored or touched (the resolved specs are then used as they are,
/// so no provider is asked twice).
/// </summary>
public sealed partial class ControlLoop
{
    /// <summary>Applies <paramref name="objects"/> (see <see cref="ApplyAsync"/>) and reconciles every key once; a dry run only plans.</summary>
    public Task<DeclaredChange> ApplyOnceAsync(IReadOnlyList<ManifestObject> objects, bool prune, bool dryRun, CancellationToken cancellationToken) =>
        OnceAsync(Applying(objects, prune), dryRun, cancellationToken);

    /// <summary>Deletes the selected objects (null: everything tunmux owns, orphans included) and reconciles every key once.</summary>
    public Task<DeclaredChange> DeleteOnceAsync(Func<ManifestObject, bool>? selected, bool dryRun, CancellationToken cancellationToken) =>
        OnceAsync(selected is null ? new Change(_ => [], [], AllKeys: true) : Deleting(selected), dryRun, cancellationToken);

    private async Task<DeclaredChange> OnceAsync(Change change, bool dryRun, CancellationToken cancellationToken)
    {
        var preview = await sources.ChangeStoredAsync(change.Apply, cancellationToken, dryRun: true).ConfigureAwait(false);
        if (preview.Errors.Count > 0)
        {
            return new DeclaredChange(preview.Errors, preview.Keys, new Dictionary<string, KeyOutcome>());
        }

        // Every key of the whole set, as a one-shot apply makes the host match all of it; orphaned
        // namespaces only when asked (prune, delete --all).
        IEnumerable<string> keys = AllKeys(preview.Declared).Where(k => k != ReconcileScope.Host);
        if (change.Orphans || change.AllKeys)
        {
            keys = keys.Append(ReconcileScope.Host);
        }

        var ordered = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var specs = new Dictionary<string, KeySpec>(StringComparer.Ordinal);
        foreach (var key in ordered)
        {
            specs[key] = await reconciler.PrepareAsync(key, preview.Declared, cancellationToken).ConfigureAwait(false);
        }

        var errors = specs.Values.SelectMany(s => s.Errors).ToList();
        if (errors.Count > 0)
        {
            return new DeclaredChange(errors, ordered, new Dictionary<string, KeyOutcome>());
        }

        var notes = change.Notes.Distinct(StringComparer.Ordinal).ToList();
        var passes = new Dictionary<string, KeyPass>(StringComparer.Ordinal);
        if (dryRun)
        {
            foreach (var key in ordered)
            {
                var planned = await reconciler.PlanAsync(specs[key], cancellationToken).ConfigureAwait(false);
                passes[key] = new KeyPass(KeyOutcome.Of(planned), planned);
            }

            return new DeclaredChange([], ordered, passes.ToDictionary(p => p.Key, p => p.Value.Outcome, StringComparer.Ordinal)) { Passes = passes, Notes = notes };
        }

        var stored = await sources.ChangeStoredAsync(change.Apply, cancellationToken).ConfigureAwait(false);
        if (stored.Errors.Count > 0)
        {
            return new DeclaredChange(stored.Errors, ordered, new Dictionary<string, KeyOutcome>());
        }

        foreach (var key in ordered)
        {
            var (_, report, outcome) = await FullPassAsync(key, stored.Declared, specs[key], cancellationToken).ConfigureAwait(false);
            passes[key] = new KeyPass(outcome, report);
        }

        return new DeclaredChange([], ordered, passes.ToDictionary(p => p.Key, p => p.Value.Outcome, StringComparer.Ordinal)) { Passes = passes, Notes = notes };
    }
}
