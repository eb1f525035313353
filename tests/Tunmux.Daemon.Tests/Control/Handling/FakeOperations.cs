using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Daemon.Control.Handling;
using Tunmux.Runtime.Reports;

namespace Tunmux.Daemon.Tests.Control.Handling;

/// <summary>Records what the handler hands to the engine; answers with empty reports, or the view it is given.</summary>
internal sealed class FakeOperations : IControlOperations
{
    public List<ManifestSet> Applied { get; } = [];

    public List<(Func<ManifestObject, bool>? Selected, bool DryRun)> Deleted { get; } = [];

    public List<ManifestObject> Stored { get; } = [];

    /// <summary>Declared objects the view shows (redacted by the handler's function).</summary>
    public List<ManifestObject> Declared { get; } = [];

    public IReadOnlyList<Runtime.Operations.TunnelStatus> Tunnels { get; set; } = [];

    public int Views { get; private set; }

    public Task<OperationReport> ApplyAsync(ManifestSet input, bool prune, bool dryRun, CancellationToken cancellationToken)
    {
        Applied.Add(input);
        if (!dryRun)
        {
            // As the engine stores: an object replaces the one of its kind and name; with prune the input is the whole set.
            var keys = input.Objects.Select(o => o.KindAndName).ToHashSet(StringComparer.Ordinal);
            Stored.RemoveAll(o => prune || keys.Contains(o.KindAndName));
            Stored.AddRange(input.Objects);
        }

        return Task.FromResult(new OperationReport { Plan = new Core.Planning.PlanSummary([], []) });
    }

    public Task<OperationReport> DeleteAsync(Func<ManifestObject, bool>? selected, bool dryRun, CancellationToken cancellationToken)
    {
        Deleted.Add((selected, dryRun));
        if (!dryRun)
        {
            Stored.RemoveAll(o => selected is null || selected(o));
        }

        return Task.FromResult(new OperationReport { Plan = new Core.Planning.PlanSummary([], []) });
    }

    public Task<ViewReport> ViewAsync(Func<ManifestObject, ManifestObject> redact, CancellationToken cancellationToken)
    {
        Views++;
        return Task.FromResult(new ViewReport(Tunnels, [], [], DateTimeOffset.UnixEpoch)
        {
            Manifests = ManifestWriter.ToYaml(Declared.Select(redact)),
        });
    }

    /// <summary>What <see cref="WaitAsync"/> answers, and what it was asked.</summary>
    public IReadOnlyList<Runtime.Controller.SubjectVerdict> Verdicts { get; set; } = [];

    public List<(IReadOnlyList<string> Subjects, TimeSpan Timeout)> Waits { get; } = [];

    public Task<IReadOnlyList<Runtime.Controller.SubjectVerdict>> WaitAsync(IReadOnlyList<string> subjects, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Waits.Add((subjects, timeout));
        return Task.FromResult(Verdicts);
    }

    public IReadOnlyList<ManifestObject> StoredObjects() => Stored;
}
