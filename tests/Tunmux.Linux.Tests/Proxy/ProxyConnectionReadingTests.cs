using System.Net;
using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.State;
using Tunmux.Linux.Proxy;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.Proxy;

/// <summary>Issue #4: the driver reads a worker's published connection counts, and only that worker's.</summary>
public sealed class ProxyConnectionReadingTests : IDisposable
{
    private readonly DriverFixture _fixture = new();
    private readonly TunnelRecord _tunnel = new("alpha", "tunmux_alpha", "wg-alpha", BackendKind.Userspace, "hash", null, DateTimeOffset.UnixEpoch);
    private readonly DesiredProxy _proxy = new("web", "alpha", new IPEndPoint(IPAddress.Loopback, 1080), null, AccessLog: false);

    public ProxyConnectionReadingTests()
    {
        _fixture.Host.AddNamespace("tunmux_alpha");
        _fixture.Launcher.OnStart = started => File.WriteAllText(started.Argv[started.Argv.ToList().IndexOf("--ready-file") + 1], "ready\n");
    }

    public void Dispose() => _fixture.Dispose();

    private string StatsFile => Path.Combine(_fixture.Host.RunDir, "proxies", "web.stats");

    [Fact]
    public async Task The_counts_the_worker_wrote_are_read_back_with_the_worker_they_belong_to()
    {
        var record = await _fixture.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);
        File.WriteAllText(StatsFile, new ProxyStats(record.Process.Pid, 3, 41).Format());

        _fixture.Driver.ReadProxyConnections(record).Should().Be(new ProxyConnectionCounts(record.Process, 3, 41));
    }

    [Fact]
    public async Task Counts_left_by_an_earlier_worker_are_not_taken_for_the_current_one()
    {
        var record = await _fixture.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);
        File.WriteAllText(StatsFile, new ProxyStats(record.Process.Pid + 1, 3, 41).Format());

        _fixture.Driver.ReadProxyConnections(record).Should().BeNull();
    }

    [Fact]
    public async Task A_dead_worker_has_no_open_connections_but_keeps_its_total()
    {
        var record = await _fixture.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);
        File.WriteAllText(StatsFile, new ProxyStats(record.Process.Pid, 3, 41).Format());

        _fixture.Launcher.Alive.Remove(record.Process);

        _fixture.Driver.ReadProxyConnections(record).Should().Be(new ProxyConnectionCounts(record.Process, 0, 41));
    }

    [Fact]
    public async Task A_worker_that_published_nothing_or_garbage_has_no_counts()
    {
        var record = await _fixture.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);
        _fixture.Driver.ReadProxyConnections(record).Should().BeNull();

        File.WriteAllText(StatsFile, "pid twelve\n");

        _fixture.Driver.ReadProxyConnections(record).Should().BeNull();
    }
}
