using Tunmux.Linux.Watching;

namespace Tunmux.Linux.Tests.Watching;

public sealed class WatchSetTests
{
    private static Dictionary<string, string> Wanted(params (string Target, string Key)[] entries) =>
        entries.ToDictionary(e => e.Target, e => e.Key, StringComparer.Ordinal);

    [Fact]
    public void New_targets_start_and_targets_no_longer_wanted_stop()
    {
        var set = new WatchSet<string>(StringComparer.Ordinal);
        set.Diff(Wanted(("a", "k1"), ("b", "k2")), _ => true).Start.Should().BeEquivalentTo(["a", "b"]);

        var (start, stop) = set.Diff(Wanted(("b", "k2"), ("c", "k3")), _ => true);

        start.Should().Equal("c");
        stop.Should().Equal("a");
        set.Count.Should().Be(2);
    }

    [Fact]
    public void A_lost_target_is_reported_once_and_not_restarted_while_it_cannot_be()
    {
        var set = new WatchSet<string>(StringComparer.Ordinal);
        set.Diff(Wanted(("a", "k1")), _ => true);
        set.Started("a");

        set.Lose("a").Should().Be("k1");
        set.Lose("a").Should().BeNull("it was reported already");
        set.IsWatched("a").Should().BeFalse();
        set.Diff(Wanted(("a", "k1")), _ => false).Start.Should().BeEmpty();
        set.Lose("a").Should().BeNull();
    }

    [Fact]
    public void A_lost_target_that_may_be_watched_again_restarts_and_can_be_lost_again()
    {
        var set = new WatchSet<string>(StringComparer.Ordinal);
        set.Diff(Wanted(("a", "k1")), _ => true);
        set.Lose("a");

        set.Diff(Wanted(("a", "k1")), _ => true).Start.Should().Equal("a");
        set.Started("a");

        set.IsWatched("a").Should().BeTrue();
        set.Lose("a").Should().Be("k1");
    }

    [Fact]
    public void A_target_that_stays_takes_its_new_key()
    {
        var set = new WatchSet<string>(StringComparer.Ordinal);
        set.Diff(Wanted(("a", "k1")), _ => true);

        set.Diff(Wanted(("a", "k2")), _ => true).Start.Should().BeEmpty();

        set.KeyOf("a").Should().Be("k2");
        set.Live().Should().Equal(("a", "k2"));
    }

    [Fact]
    public void An_unknown_target_is_neither_watched_nor_reported()
    {
        var set = new WatchSet<string>(StringComparer.Ordinal);

        set.Lose("x").Should().BeNull();
        set.KeyOf("x").Should().BeNull();
        set.IsWatched("x").Should().BeFalse();
    }
}
