using Tunmux.Core.Model;
using Tunmux.Core.State;
using Tunmux.Runtime.Observation;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Tests.Operations;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Observation;

/// <summary>
/// A proxy worker's connection counts are a file read per worker. Views show them; a reconcile
/// pass plans nothing from them, so a pass's observation leaves them unread.
/// </summary>
public sealed class HostObserverConnectionsTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly FakeExitDriver _driver = new();
    private readonly HostObserver _observer;

    public HostObserverConnectionsTests()
    {
        var records = new RecordStore(_workspace.Paths);
        records.Save(new ProxyRecord("web", "alpha", "127.0.0.1:1080", null, "hash", new ProcessRef(4242, 1), DateTimeOffset.UnixEpoch));
        _driver.LivePids.Add(4242);
        _driver.ProxyConnections[4242] = (3, 17);
        _observer = new HostObserver(_driver, records, new HostNaming());
    }

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void A_view_of_everything_reads_each_workers_counts()
    {
        var (state, _) = _observer.Observe(ObservationScope.Everything);

        state.Proxies.Single().Connections.Should().BeEquivalentTo(new { Active = 3L, Total = 17L });
    }

    [Fact]
    public void A_pass_over_one_tunnel_sees_its_worker_alive_without_reading_its_counts()
    {
        var (state, _) = _observer.Observe(ObservationScope.Tunnel("alpha"));

        var proxy = state.Proxies.Single();
        proxy.ProcessAlive.Should().BeTrue();
        proxy.Connections.Should().BeNull();
    }
}
