using Tunmux.Api.Model;
using Tunmux.Core.Host;
using Tunmux.Core.Lifecycle;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Observation;
using Tunmux.Runtime.Resolution;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Status;

namespace Tunmux.Runtime.Operations;

/// <summary>
/// The declared objects and a fresh observation, for get, describe, status and wait. Takes no lock
/// and changes nothing: reconciling is the control loop's alone.
/// </summary>
/// <remarks>
/// In the daemon, <c>declaredView</c> supplies the whole desired set (stored applies plus the
/// GitOps folder, with the folder's errors), so status shows what the controller works from,
/// and <c>liveStatus</c> adds the controller's conditions and events.
/// </remarks>
public sealed class HostViewer(
    TunmuxPaths paths,
    IExitDriver driver,
    Func<ManifestSet>? declaredView = null,
    Func<LiveStatus?>? liveStatus = null,
    TimeProvider? time = null,
    LifecyclePolicy? healthPolicy = null)
{
    private readonly DeclaredStateStore _declared = new(paths);
    private readonly RecordStore _records = new(paths);

    public async Task<HostView> ViewAsync(CancellationToken cancellationToken)
    {
        var declared = declaredView?.Invoke() ?? _declared.Load();
        var (observed, problems) = new HostObserver(driver, _records, paths.Naming).Observe();
        // A view must not act: provider sources may renew certificates or rotate keys while
        // resolving, so looking resolves plain WireGuard tunnels only.
        var (desired, _) = await new ManifestResolver().ResolveAsync(declared.Objects, cancellationToken).ConfigureAwait(false);
        return new HostView(declared.Objects, WithPorts(desired, observed, Api.DeclaredPorts.Of(declared.Objects)), observed, [.. declared.Errors.Select(e => e.ToString()), .. problems])
        {
            ObservedAt = (time ?? TimeProvider.System).GetUtcNow(),
            Live = liveStatus?.Invoke(),
            Policy = healthPolicy ?? LifecyclePolicy.Default,
        };
    }

    /// <summary>The desired proxies with the ports they hold (or would be given), as status shows them.</summary>
    private static DesiredState WithPorts(DesiredState desired, ObservedState observed, IReadOnlySet<int> declaredPorts) =>
        desired with
        {
            Proxies = PortAllocator.Assign(desired.Proxies, observed.Proxies.Select(p => p.Record).ToList(), observed.HostTcpPortsInUse, declaredPorts),
        };
}
