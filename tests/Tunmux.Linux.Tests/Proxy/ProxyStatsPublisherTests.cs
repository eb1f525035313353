using Tunmux.Linux.Proxy;

namespace Tunmux.Linux.Tests.Proxy;

/// <summary>Issue #4: a worker rewrites its stats file only when its counts changed, and always whole.</summary>
public sealed class ProxyStatsPublisherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tunmux-stats-").FullName;
    private (int Active, long Total) _counts;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string StatsFile => Path.Combine(_dir, "web.stats");

    private ProxyStatsPublisher NewPublisher() => new(StatsFile, () => _counts, pid: 321);

    [Fact]
    public void The_first_counts_are_written_then_only_changes()
    {
        var publisher = NewPublisher();
        _counts = (0, 0);

        publisher.PublishIfChanged().Should().BeTrue("nothing was written yet");
        publisher.PublishIfChanged().Should().BeFalse("the counts did not change");
        _counts = (2, 5);
        publisher.PublishIfChanged().Should().BeTrue();

        ProxyStats.Parse(File.ReadAllText(StatsFile)).Should().Be(new ProxyStats(321, 2, 5));
        Directory.GetFiles(_dir).Should().Equal([StatsFile], "the temporary file was renamed over the stats file");
    }

    [Fact]
    public void An_unchanged_file_is_left_alone()
    {
        var publisher = NewPublisher();
        _counts = (1, 1);
        publisher.PublishIfChanged();
        File.WriteAllText(StatsFile, "marker");

        publisher.PublishIfChanged();

        File.ReadAllText(StatsFile).Should().Be("marker", "an unchanged count does not rewrite the file");
    }

    [Fact]
    public void The_file_holds_no_secret_and_may_be_read_by_monitoring()
    {
        _counts = (0, 0);
        NewPublisher().PublishIfChanged();

        File.GetUnixFileMode(StatsFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    [Fact]
    public async Task Running_publishes_at_once_and_the_last_counts_when_stopped()
    {
        _counts = (4, 9);
        using var stop = new CancellationTokenSource();
        var run = NewPublisher().RunAsync(TimeSpan.FromHours(1), TimeProvider.System, stop.Token);
        ProxyStats.Parse(File.ReadAllText(StatsFile)).Should().Be(new ProxyStats(321, 4, 9), "the first write happens before the first tick");

        _counts = (0, 12);
        await stop.CancelAsync();
        await run;

        ProxyStats.Parse(File.ReadAllText(StatsFile)).Should().Be(new ProxyStats(321, 0, 12));
    }
}
