using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Runtime.Status;

namespace Tunmux.Kubernetes.Tests.Support;

/// <summary>A reconciler's live status, built by hand for status tests; changeable while an agent reads it.</summary>
internal sealed class Live
{
    private static readonly DateTimeOffset Since = new(2026, 12, 6, 1, 0, 0, TimeSpan.Zero);
    private volatile LiveStatus _current = LiveStatus.Empty;

    public LiveStatus Current => _current;

    public void Tunnel(string name, string phase, bool ready)
    {
        var conditions = ConditionSet.Empty.Set(new Condition(
            ConditionTypes.Ready, ready ? ConditionStatus.True : ConditionStatus.False, ready ? "Connected" : phase, ready ? "" : $"tunnel is {phase}", 1, Since));
        var tunnels = new Dictionary<string, LiveObjectStatus>(_current.Tunnels, StringComparer.Ordinal)
        {
            [name] = new LiveObjectStatus(1, phase, conditions, []),
        };
        _current = _current with { Tunnels = tunnels };
    }
}
