using Tunmux.Linux.Proxy;

namespace Tunmux.Linux.Tests.Proxy;

/// <summary>Issue #4: the stats file a proxy worker writes and the daemon reads.</summary>
public sealed class ProxyStatsTests
{
    [Fact]
    public void What_is_written_reads_back_the_same()
    {
        var stats = new ProxyStats(4242, 7, 1_000_000_000_123);

        stats.Format().Should().Be("# tunmux proxy worker connection counts\npid 4242\nactive 7\ntotal 1000000000123\n");
        ProxyStats.Parse(stats.Format()).Should().Be(stats);
    }

    [Fact]
    public void Unknown_keys_blank_lines_and_comments_are_skipped()
    {
        ProxyStats.Parse("# a newer worker\n\nuptime 12\npid 10\nactive 0\ntotal 2\nudp 5\n").Should().Be(new ProxyStats(10, 0, 2));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pid 10\nactive 1\n")]
    [InlineData("pid 10\nactive 1\ntotal x\n")]
    [InlineData("pid 10\nactive -1\ntotal 3\n")]
    [InlineData("pid 0\nactive 1\ntotal 3\n")]
    [InlineData("pid 10\nactive 1\ntotal 3\ntotal 4\n")]
    [InlineData("pid 10\nactive 5\ntotal 3\n")]
    [InlineData("pid 99999999999\nactive 1\ntotal 3\n")]
    public void A_missing_repeated_or_impossible_value_makes_the_file_unusable(string text)
    {
        ProxyStats.Parse(text).Should().BeNull();
    }
}
