using Tunmux.Core.Observed;

namespace Tunmux.Core.Lifecycle.Conditions;

/// <summary>
/// Derives a tunnel's conditions from its lifecycle state, the latest facts and its proxies.
/// Messages use only values that hold for the whole state (the peer, its endpoint, the cause),
/// so that passes that change nothing produce an equal set and write nothing.
/// </summary>
public static class TunnelConditions
{
    public static ConditionSet Derive(
        ConditionSet current,
        ITunnelState state,
        TunnelFacts? facts,
        IReadOnlyList<ProxyReadiness> proxies,
        long generation,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(proxies);

        Condition Make(string type, ConditionStatus status, Cause cause) =>
            new(type, status, cause.Reason, cause.Message, generation, now);

        var tunnelUp = TunnelUp(state, facts);
        var listening = Listening(proxies);
        var set = current
            .Set(Make(ConditionTypes.Ready, ReadyStatus(tunnelUp.Status, listening), ReadyCause(state, tunnelUp.Status, listening, proxies.Count)))
            .Set(Make(ConditionTypes.TunnelUp, tunnelUp.Status, tunnelUp.Cause));
        set = listening is null
            ? set.Remove(ConditionTypes.ProxyListening)
            : set.Set(Make(ConditionTypes.ProxyListening, listening.Value.Status, listening.Value.Cause));
        var degraded = TunnelLifecycle.IsTrouble(state.Phase) ? ConditionStatus.True : ConditionStatus.False;
        return set.Set(Make(ConditionTypes.Degraded, degraded, state.Cause));
    }

    private static (ConditionStatus Status, Cause Cause) TunnelUp(ITunnelState state, TunnelFacts? facts)
    {
        var status = state.Phase switch
        {
            TunnelPhase.Connected => ConditionStatus.True,
            // Degraded is still being confirmed: the tunnel may well carry traffic.
            TunnelPhase.Degraded => ConditionStatus.Unknown,
            _ => ConditionStatus.False,
        };
        var cause = status == ConditionStatus.True && facts?.PeerEndpoint is { } endpoint
            ? state.Cause with { Message = $"{state.Cause.Message} at {endpoint}" }
            : state.Cause;
        return (status, cause);
    }

    private static (ConditionStatus Status, Cause Cause)? Listening(IReadOnlyList<ProxyReadiness> proxies)
    {
        if (proxies.Count == 0)
        {
            return null;
        }

        var down = proxies.Where(p => !p.Listening).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        if (down.Count == 0)
        {
            return (ConditionStatus.True, new Cause("Listening", $"{proxies.Count} of {proxies.Count} proxies listening"));
        }

        var names = string.Join(", ", down.Select(p => p.Problem is null ? p.Name : $"{p.Name} ({p.Problem})"));
        return (ConditionStatus.False, new Cause("NotListening", $"not listening: {names}"));
    }

    private static ConditionStatus ReadyStatus(ConditionStatus tunnelUp, (ConditionStatus Status, Cause Cause)? listening) =>
        tunnelUp == ConditionStatus.True && (listening is null || listening.Value.Status == ConditionStatus.True)
            ? ConditionStatus.True
            : ConditionStatus.False;

    private static Cause ReadyCause(
        ITunnelState state, ConditionStatus tunnelUp, (ConditionStatus Status, Cause Cause)? listening, int proxyCount)
    {
        if (tunnelUp != ConditionStatus.True)
        {
            return state.Cause;
        }

        if (listening is { Status: not ConditionStatus.True } notListening)
        {
            return notListening.Cause;
        }

        return new Cause("Ready", proxyCount == 0 ? "the tunnel is up" : $"the tunnel is up and its {proxyCount} proxies listen");
    }
}
