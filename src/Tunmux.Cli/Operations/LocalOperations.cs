using Tunmux.Api.Model;
using Tunmux.Cli.Commands;
using Tunmux.Runtime.Execution;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.Reports;

namespace Tunmux.Cli.Operations;

/// <summary>The work done in this process, on the host, reading -f paths and the files they name as this user.</summary>
/// <param name="afterChange">Direct mode's one-shot pass after a change (null: none, as in tests).</param>
public sealed class LocalOperations(ExitOperations controller, Func<CancellationToken, Task<bool>>? afterChange = null) : IExitOperations
{
    public bool ViaDaemon => false;

    public async Task<OperationReport> ApplyAsync(IReadOnlyList<string> files, bool prune, bool dryRun, Action<ChangeResult>? progress, CancellationToken cancellationToken)
    {
        var input = ManifestInput.Load(files);
        if (!input.IsValid)
        {
            return OperationReport.Invalid(input.Errors);
        }

        var result = await controller.ApplyAsync(input, new ApplyOptions(dryRun, prune), Progress(progress), cancellationToken);
        return OperationReport.Of(await AfterAsync(result, dryRun, cancellationToken));
    }

    public async Task<OperationReport> DiffAsync(IReadOnlyList<string> files, bool prune, CancellationToken cancellationToken) =>
        await ApplyAsync(files, prune, dryRun: true, null, cancellationToken);

    public async Task<OperationReport> DeleteAsync(DeleteSelection selection, bool dryRun, Action<ChangeResult>? progress, CancellationToken cancellationToken)
    {
        if (selection.All)
        {
            return OperationReport.Of(await AfterAsync(await controller.DeleteAllAsync(dryRun, Progress(progress), cancellationToken), dryRun, cancellationToken));
        }

        Func<ManifestObject, bool> selected;
        if (selection.Kind is { } kind)
        {
            var kindName = kind.StartsWith("tunnel", StringComparison.Ordinal) ? TunnelManifest.KindName : ProxyManifest.KindName;
            var names = selection.Names.ToHashSet(StringComparer.Ordinal);
            selected = o => o.Kind == kindName && names.Contains(o.Name);
        }
        else
        {
            var input = ManifestInput.Load(selection.Files);
            if (input.Objects.Count == 0 && !input.IsValid)
            {
                return OperationReport.Invalid(input.Errors);
            }

            var keys = input.Objects.Select(o => o.KindAndName).ToHashSet(StringComparer.Ordinal);
            selected = o => keys.Contains(o.KindAndName);
        }

        return OperationReport.Of(await AfterAsync(await controller.DeleteAsync(selected, dryRun, Progress(progress), cancellationToken), dryRun, cancellationToken));
    }

    public Task<ViewReport> GetAsync(string kind, string? name, CancellationToken cancellationToken) => ViewAsync(cancellationToken);

    public Task<ViewReport> DescribeAsync(string kind, string name, CancellationToken cancellationToken) => ViewAsync(cancellationToken);

    public Task<ViewReport> StatusAsync(CancellationToken cancellationToken) => ViewAsync(cancellationToken);

    public async Task<IReadOnlyList<ObjectReadiness>> ReadinessAsync(IReadOnlyList<string> subjects, TimeSpan patience, CancellationToken cancellationToken) =>
        (await ViewAsync(cancellationToken)).Readiness();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Direct mode follows the stored declared set once the change went through (the exits' plan leaves it alone).</summary>
    private async Task<OperationResult> AfterAsync(OperationResult result, bool dryRun, CancellationToken cancellationToken)
    {
        if (!dryRun && !result.IsInvalid && afterChange is not null)
        {
            await afterChange(cancellationToken);
        }

        return result;
    }

    private async Task<ViewReport> ViewAsync(CancellationToken cancellationToken) => ViewReport.Of(await controller.ViewAsync(cancellationToken));

    private static Action<ChangeOutcome>? Progress(Action<ChangeResult>? progress) =>
        progress is null ? null : o => progress(new ChangeResult(o.Change.Kind, o.Change.Name, o.Change.Action, o.Error));
}
