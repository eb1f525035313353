namespace Tunmux.Proxy.Relay;

/// <summary>Bytes moved so far, kept outside the pumps so a failed relay still reports them.</summary>
internal sealed class RelayCounters
{
    public long ClientToTarget;
    public long TargetToClient;
}
