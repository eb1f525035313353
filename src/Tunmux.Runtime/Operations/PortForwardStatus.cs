using Tunmux.Core.Observed;

namespace Tunmux.Runtime.Operations;

/// <summary>
/// A tunnel's forwarded port as status shows it. <see cref="Port"/> is set only while a running
/// keeper holds an unexpired mapping; the hook's arguments are never shown (they may be private).
/// </summary>
/// <param name="State">Forwarding; Failing (no live mapping, rounds failing); Pending (no mapping yet); Stopped (no keeper runs).</param>
public sealed record PortForwardStatus(
    string State,
    int? Port,
    int? PreviousPort,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RenewedAt,
    int Failures,
    string? LastError,
    string? Hook,
    string? HookError,
    int? KeeperPid)
{
    public static PortForwardStatus Of(IReadOnlyList<string> hook, ObservedPortForward? keeper, DateTimeOffset now)
    {
        var alive = keeper?.ProcessAlive == true;
        var reported = alive ? keeper!.State : null;
        var forwarding = reported?.IsForwarding(now) == true;
        var state = !alive ? "Stopped"
            : forwarding ? "Forwarding"
            : reported?.Failures > 0 ? "Failing"
            : "Pending";
        return new PortForwardStatus(
            state,
            forwarding ? reported!.Port : null,
            reported?.PreviousPort,
            reported?.ExpiresAt,
            reported?.RenewedAt,
            reported?.Failures ?? 0,
            reported?.LastError,
            hook.Count == 0 ? null : hook[0],
            reported?.HookError,
            alive ? keeper!.Record.Process.Pid : null);
    }
}
