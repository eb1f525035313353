using Tunmux.Core.Direct.Routing;
using Tunmux.Linux.Commands;

namespace Tunmux.Linux.Direct;

/// <summary>
/// Runs direct mode's routing steps. Every step is an "ensure": routes are replaced, a rule is
/// added only when no rule holds its priority yet, removals tolerate what is already gone.
/// </summary>
public sealed class RoutingHost(ICommandRunner runner, DirectPrograms programs)
{
    public async Task EnsureAsync(IEnumerable<RouteStep> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        foreach (var step in steps)
        {
            switch (step)
            {
                case RouteStep.Sysctl sysctl:
                    KernelSetting.Write(sysctl.Key, sysctl.Value);
                    break;
                case RouteStep.Rule { Add: true } rule when await RulePresentAsync(rule, cancellationToken).ConfigureAwait(false):
                    break;
                case RouteStep.Rule { Add: false } or RouteStep.RemoveFloor or RouteStep.FlushTable:
                    // Gone already is fine: removal must succeed even if the build never ran.
                    await runner.RunAsync(Command(step), cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await runner.RunCheckedAsync(Command(step), cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>The rules and routes of both families as ip prints them, for before/after comparisons.</summary>
    public async Task<string> SnapshotAsync(CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        foreach (var family in new[] { "-4", "-6" })
        {
            parts.Add((await runner.RunAsync(HostCommand.Of(programs.Ip, family, "rule", "show"), cancellationToken).ConfigureAwait(false)).StandardOutput);
            parts.Add((await runner.RunAsync(HostCommand.Of(programs.Ip, family, "route", "show", "table", "all"), cancellationToken).ConfigureAwait(false)).StandardOutput);
        }

        return string.Join("\n", parts);
    }

    private async Task<bool> RulePresentAsync(RouteStep.Rule rule, CancellationToken cancellationToken)
    {
        var family = rule.Arguments[0];
        var listed = await runner.RunAsync(
            HostCommand.Of(programs.Ip, family, "rule", "show", "priority", rule.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            cancellationToken).ConfigureAwait(false);
        return listed.Succeeded && listed.StandardOutput.Trim().Length > 0;
    }

    private HostCommand Command(RouteStep step) => new([programs.Ip, .. step.Arguments]);
}
