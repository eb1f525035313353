using Tunmux.Api.Model;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.Reports;
using Tunmux.Runtime.State;

namespace Tunmux.Daemon.Control.Handling;

/// <summary>
/// The control socket's operations on today's engine: apply and delete reconcile under the state
/// lock, then tell the controller (<paramref name="afterChange"/>) so its queue takes over.
/// </summary>
public sealed class ExitOperationsEngine(ExitOperations controller, DeclaredStateStore declared, Action afterChange) : IControlOperations
{
    public async Task<OperationReport> ApplyAsync(ManifestSet input, bool prune, bool dryRun, CancellationToken cancellationToken)
    {
        var result = await controller.ApplyAsync(input, new ApplyOptions(dryRun, prune), null, cancellationToken).ConfigureAwait(false);
        return Changed(OperationReport.Of(result), dryRun);
    }

    public async Task<OperationReport> DeleteAsync(Func<ManifestObject, bool>? selected, bool dryRun, CancellationToken cancellationToken)
    {
        var result = selected is null
            ? await controller.DeleteAllAsync(dryRun, null, cancellationToken).ConfigureAwait(false)
            : await controller.DeleteAsync(selected, dryRun, null, cancellationToken).ConfigureAwait(false);
        return Changed(OperationReport.Of(result), dryRun);
    }

    public async Task<ViewReport> ViewAsync(Func<ManifestObject, ManifestObject> redact, CancellationToken cancellationToken) =>
        ViewReport.Of(await controller.ViewAsync(cancellationToken).ConfigureAwait(false), redact);

    public IReadOnlyList<ManifestObject> StoredObjects() => declared.Load().Objects;

    private OperationReport Changed(OperationReport report, bool dryRun)
    {
        if (!dryRun && !report.IsInvalid)
        {
            afterChange();
        }

        return report;
    }
}
