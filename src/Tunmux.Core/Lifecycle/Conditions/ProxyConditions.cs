namespace Tunmux.Core.Lifecycle.Conditions;

/// <summary>
/// A proxy's conditions: ProxyListening (its worker runs and listens), TunnelUp (copied from the
/// tunnel it leaves through, since a proxy is only as good as its exit) and Ready (both).
/// </summary>
public static class ProxyConditions
{
    /// <param name="listening">Whether the worker listens; when not, <see cref="ProxyReadiness.Problem"/> is the reason (CamelCase) and its message follows a colon.</param>
    /// <param name="tunnelUp">The tunnel's TunnelUp condition, or null when the tunnel is not known.</param>
    public static ConditionSet Derive(
        ConditionSet current, ProxyReadiness listening, Condition? tunnelUp, string tunnelRef, long generation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(listening);

        Condition Make(string type, ConditionStatus status, Cause cause) => new(type, status, cause.Reason, cause.Message, generation, now);

        var listenCause = listening.Listening
            ? new Cause("Listening", "the worker listens")
            : SplitProblem(listening.Problem ?? "NotListening: the worker does not listen");
        var listenStatus = listening.Listening ? ConditionStatus.True : ConditionStatus.False;
        var (tunnelStatus, tunnelCause) = tunnelUp is null
            ? (ConditionStatus.False, new Cause("TunnelNotFound", $"tunnel {tunnelRef} is not declared"))
            : (tunnelUp.Status, new Cause(tunnelUp.Reason, $"tunnel {tunnelRef}: {tunnelUp.Message}"));

        var ready = listenStatus == ConditionStatus.True && tunnelStatus == ConditionStatus.True;
        var readyCause = ready ? new Cause("Ready", $"listening, and tunnel {tunnelRef} is up")
            : listenStatus != ConditionStatus.True ? listenCause
            : tunnelCause with { Reason = "TunnelNotReady" };
        return current
            .Set(Make(ConditionTypes.Ready, ready ? ConditionStatus.True : ConditionStatus.False, readyCause))
            .Set(Make(ConditionTypes.ProxyListening, listenStatus, listenCause))
            .Set(Make(ConditionTypes.TunnelUp, tunnelStatus, tunnelCause));
    }

    /// <summary>"WorkerNotRunning: the worker exited" into a reason and a message.</summary>
    public static Cause SplitProblem(string problem)
    {
        var colon = problem.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 ? new Cause(problem[..colon], problem[(colon + 2)..]) : new Cause(problem, problem);
    }
}
