using Tunmux.Runtime.Reports;

namespace Tunmux.Cli.Operations;

/// <summary>What delete removes: the objects of -f files, named objects of one kind, or all.</summary>
public sealed record DeleteSelection(IReadOnlyList<string> Files, string? Kind, IReadOnlyList<string> Names, bool All);

/// <summary>
/// Where apply, diff, delete, get, describe and status run: in this process on the host, or in the
/// daemon over its control socket. Both give the same reports, and the commands render them the
/// same way.
/// </summary>
public interface IExitOperations : IAsyncDisposable
{
    /// <summary>True when the daemon does the work (no root needed here).</summary>
    bool ViaDaemon { get; }

    /// <param name="progress">Told of each change as it finishes, where the work runs here; the daemon reports them at the end.</param>
    Task<OperationReport> ApplyAsync(IReadOnlyList<string> files, bool prune, bool dryRun, Action<ChangeResult>? progress, CancellationToken cancellationToken);

    Task<OperationReport> DiffAsync(IReadOnlyList<string> files, bool prune, CancellationToken cancellationToken);

    Task<OperationReport> DeleteAsync(DeleteSelection selection, bool dryRun, Action<ChangeResult>? progress, CancellationToken cancellationToken);

    /// <param name="kind">"tunnels" or "proxies" (singular accepted).</param>
    Task<ViewReport> GetAsync(string kind, string? name, CancellationToken cancellationToken);

    Task<ViewReport> DescribeAsync(string kind, string name, CancellationToken cancellationToken);

    Task<ViewReport> StatusAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Readiness of the subjects ("tunnel/NAME"): the daemon waits up to <paramref name="patience"/>
    /// for the outcomes of their next passes; without a daemon it is one look at the host.
    /// </summary>
    Task<IReadOnlyList<ObjectReadiness>> ReadinessAsync(IReadOnlyList<string> subjects, TimeSpan patience, CancellationToken cancellationToken);
}
