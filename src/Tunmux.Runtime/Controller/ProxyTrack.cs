using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Lifecycle.History;

namespace Tunmux.Runtime.Controller;

/// <summary>The controller's memory of one proxy: conditions, history, generation (saved, see <see cref="ObjectTrack"/>).</summary>
internal sealed class ProxyTrack(string name) : ObjectTrack(name)
{
    /// <summary>The tunnel (key) whose passes last looked at this proxy.</summary>
    public string TunnelRef { get; set; } = "";

    /// <summary>Notes a history entry when the proxy's readiness changed, so describe shows when it came and went.</summary>
    public void Update(ConditionSet next, DateTimeOffset now)
    {
        var before = Conditions.Find(ConditionTypes.Ready);
        var after = next.Find(ConditionTypes.Ready);
        if (after is not null && (before is null || before.Status != after.Status))
        {
            var type = after.Status == ConditionStatus.True ? HistoryEventType.Normal : HistoryEventType.Warning;
            History = History.Add(new EventHistoryEntry(now, type, after.Reason, after.Message));
        }

        Conditions = next;
    }
}
