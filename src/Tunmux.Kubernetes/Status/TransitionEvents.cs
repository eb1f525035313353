namespace Tunmux.Kubernetes.Status;

/// <summary>
/// Which changes of a node's entry become Events: a tunnel coming up, turning degraded, failing over
/// (and coming back up after it), getting blocked; a proxy starting or stopping to listen; a spec
/// that does not load. A repeated entry, or a change of message alone, records nothing.
/// </summary>
public static class TransitionEvents
{
    public static TransitionEvent? Between(NodeStatusEntry? before, NodeStatusEntry after)
    {
        if (before is not null && before.Phase == after.Phase && before.Ready == after.Ready)
        {
            return null;
        }

        var on = $"on node {after.Node}";
        var detail = after.Message.Length > 0 ? $": {after.Message}" : "";
        return after.Phase switch
        {
            "Connected" when before?.Phase == "FailingOver" => new("Normal", "FailedOver", $"up again {on} on another server{detail}"),
            "Connected" => new("Normal", "TunnelUp", $"tunnel up {on}"),
            "Degraded" => new("Warning", "Degraded", $"degraded {on}{detail}"),
            "FailingOver" => new("Warning", "FailingOver", $"failing over to the next server {on}{detail}"),
            "Blocked" => new("Warning", "Blocked", $"blocked {on}{detail}"),
            NodeStatusMapper.InvalidPhase => new("Warning", "InvalidSpec", $"not run {on}{detail}"),
            "Listening" => new("Normal", "ProxyListening", $"proxy listening {on}"),
            "NotListening" when before?.Phase == "Listening" => new("Warning", "ProxyNotListening", $"proxy stopped listening {on}{detail}"),
            _ => null,
        };
    }
}
