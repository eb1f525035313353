using Tunmux.Cli.Daemon;
using Tunmux.Daemon.Control.Client;
using Tunmux.Daemon.Control.Protocol;
using Tunmux.Runtime.Reports;

namespace Tunmux.Cli.Operations;

/// <summary>
/// The work done by the daemon: typed requests over its control socket. Manifests and the files
/// they name are read here, as the calling user, and travel with the request.
/// </summary>
public sealed class DaemonOperations(ControlClient client) : IExitOperations
{
    private readonly DaemonApi _api = new(client);

    public bool ViaDaemon => true;

    public async Task<OperationReport> ApplyAsync(IReadOnlyList<string> files, bool prune, bool dryRun, Action<ChangeResult>? progress, CancellationToken cancellationToken)
    {
        var input = ClientManifests.Read(files, withReferences: true);
        return input.Errors.Count > 0
            ? OperationReport.Invalid(input.Errors)
            : await _api.ApplyAsync(new ApplyRequest(input.Manifests, input.Files, prune, dryRun), cancellationToken);
    }

    public async Task<OperationReport> DiffAsync(IReadOnlyList<string> files, bool prune, CancellationToken cancellationToken)
    {
        var input = ClientManifests.Read(files, withReferences: true);
        return input.Errors.Count > 0
            ? OperationReport.Invalid(input.Errors)
            : await _api.DiffAsync(new DiffRequest(input.Manifests, input.Files, prune), cancellationToken);
    }

    public async Task<OperationReport> DeleteAsync(DeleteSelection selection, bool dryRun, Action<ChangeResult>? progress, CancellationToken cancellationToken)
    {
        var input = ClientManifests.Read(selection.Files, withReferences: false);
        return input.Errors.Count > 0
            ? OperationReport.Invalid(input.Errors)
            : await _api.DeleteAsync(new DeleteRequest(input.Manifests, selection.Kind, selection.Names, selection.All, dryRun), cancellationToken);
    }

    public Task<ViewReport> GetAsync(string kind, string? name, CancellationToken cancellationToken) =>
        _api.GetAsync(new GetRequest(kind, name), cancellationToken);

    public Task<ViewReport> DescribeAsync(string kind, string name, CancellationToken cancellationToken) =>
        _api.DescribeAsync(new DescribeRequest(kind, name), cancellationToken);

    public Task<ViewReport> StatusAsync(CancellationToken cancellationToken) => _api.StatusAsync(cancellationToken);

    public async Task<IReadOnlyList<ObjectReadiness>> ReadinessAsync(IReadOnlyList<string> subjects, TimeSpan patience, CancellationToken cancellationToken)
    {
        var milliseconds = (int)Math.Clamp(patience.TotalMilliseconds, 0, RequestLimits.MaxWaitMilliseconds);
        return (await _api.WaitAsync(new WaitRequest(subjects, milliseconds), cancellationToken)).Readiness;
    }

    public ValueTask DisposeAsync() => client.DisposeAsync();
}
