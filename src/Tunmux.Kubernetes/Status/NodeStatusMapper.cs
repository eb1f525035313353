using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Kubernetes.Objects;
using Tunmux.Runtime.Status;

namespace Tunmux.Kubernetes.Status;

/// <summary>What this node reports for one object, from the reconciler's live status of it.</summary>
public static class NodeStatusMapper
{
    public const string InvalidPhase = "Invalid";

    public static NodeStatusEntry For(string node, ClusterObject item, LiveObjectStatus? live)
    {
        if (!item.IsValid)
        {
            var message = item.Errors.Count > 0 ? item.Errors[0].Message : "the object does not read as a manifest";
            return new NodeStatusEntry(node, InvalidPhase, "False", "InvalidSpec", message, item.Generation, null)
            {
                Conditions = [new NodeCondition(ConditionTypes.Ready, "False", "InvalidSpec", message, null)],
            };
        }

        if (live is null)
        {
            const string pending = "not reconciled on this node yet";
            return new NodeStatusEntry(node, "Pending", "Unknown", "NotReconciled", pending, item.Generation, null)
            {
                Conditions = [new NodeCondition(ConditionTypes.Ready, "Unknown", "NotReconciled", pending, null)],
            };
        }

        var ready = live.Conditions.Find(ConditionTypes.Ready);
        var degraded = live.Conditions.Find(ConditionTypes.Degraded);
        var explaining = ready is { Status: ConditionStatus.True } ? ready : degraded is { Status: ConditionStatus.True } ? degraded : ready;
        var phase = live.Phase ?? (ready?.Status == ConditionStatus.True ? "Listening" : "NotListening");
        return new NodeStatusEntry(
            node,
            phase,
            (ready?.Status ?? ConditionStatus.Unknown).ToString(),
            explaining?.Reason ?? "",
            explaining?.Message ?? "",
            item.Generation,
            ready?.LastTransitionTime)
        {
            Conditions = [.. live.Conditions.Items.Select(c => new NodeCondition(c.Type, c.Status.ToString(), c.Reason, c.Message, c.LastTransitionTime))],
        };
    }
}
