using Tunmux.Core.Observed;
using Tunmux.Linux.Proxy;

namespace Tunmux.Linux.Tests.Proxy;

/// <summary>Issue #4: the driver reads a worker's published connection counts, and only that worker's.</summary>
public sealed partial class StartProxyTests
{
    private string StatsFile => Path.Combine(ProxyDir, "web.stats");

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
