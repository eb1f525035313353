using Tunmux.Core.Model;
using Tunmux.Core.State;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// What the probe scheduler should do for one tunnel, as the lifecycle last saw it: which probe,
/// through which built tunnel, how long after one probe ends the next starts, and whether a pass
/// is news (see <see cref="Core.Lifecycle.ProbeCadence"/>).
/// </summary>
public sealed record ProbePlan(ProbeSettings Settings, TunnelRecord Tunnel, TimeSpan Delay, bool PassesMatter)
{
    /// <summary>True when the plan probes something else (another target or timing, or a rebuilt tunnel): the count of failures starts over.</summary>
    public bool Replaces(ProbePlan other) =>
        Settings != other.Settings || Tunnel.Namespace != other.Tunnel.Namespace || Tunnel.CreatedAt != other.Tunnel.CreatedAt;
}
