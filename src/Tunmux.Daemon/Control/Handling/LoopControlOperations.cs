using Tunmux.Api.Model;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.Reports;
using Tunmux.Runtime.State;

namespace Tunmux.Daemon.Control.Handling;

/// <summary>
/// The control socket's operations on the one reconcile engine: an apply or delete stores the
/// declared set, queues its keys on the <see cref="ControlLoop"/> and waits for their passes; a dry
/// run asks the same reconciler for each key's plan; a wait hears the outcomes of the keys' passes.
/// Nothing here plans or executes on its own.
/// </summary>
public sealed class LoopControlOperations(ControlLoop loop, HostViewer viewer, DeclaredStateStore declared) : IControlOperations
{
    public async Task<OperationReport> ApplyAsync(ManifestSet input, bool prune, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var change = dryRun
            ? await loop.PlanApplyAsync(input.Objects, prune, cancellationToken).ConfigureAwait(false)
            : await loop.ApplyAsync(input.Objects, prune, wait: true, cancellationToken).ConfigureAwait(false);
        return OperationReport.Of(change, executed: !dryRun);
    }

    public async Task<OperationReport> DeleteAsync(Func<ManifestObject, bool>? selected, bool dryRun, CancellationToken cancellationToken)
    {
        var change = dryRun ? await loop.PlanDeleteAsync(selected, cancellationToken).ConfigureAwait(false)
            : selected is null ? await loop.DeleteAllAsync(wait: true, cancellationToken).ConfigureAwait(false)
            : await loop.DeleteAsync(selected, wait: true, cancellationToken).ConfigureAwait(false);
        return OperationReport.Of(change, executed: !dryRun);
    }

    public async Task<ViewReport> ViewAsync(Func<ManifestObject, ManifestObject> redact, CancellationToken cancellationToken) =>
        ViewReport.Of(await viewer.ViewAsync(cancellationToken).ConfigureAwait(false), redact);

    public Task<IReadOnlyList<SubjectVerdict>> WaitAsync(IReadOnlyList<string> subjects, TimeSpan timeout, CancellationToken cancellationToken) =>
        loop.AwaitSubjectsAsync(subjects, timeout, cancellationToken);

    public IReadOnlyList<ManifestObject> StoredObjects() => declared.Load().Objects;
}
