using Tunmux.Runtime.Reports;

namespace Tunmux.Daemon.Control.Protocol;

public sealed record PingReply(int Pid, int Protocol, uint Uid);

public sealed record WaitReply(IReadOnlyList<ObjectReadiness> Readiness)
{
    public bool AllReady => Readiness.All(r => r.Ready);
}
