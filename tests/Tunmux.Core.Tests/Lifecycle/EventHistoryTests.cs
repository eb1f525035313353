using Tunmux.Core.Lifecycle.History;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class EventHistoryTests
{
    private static EventHistoryEntry Entry(int n) => new(Clock.T(n), HistoryEventType.Normal, "Step", $"step {n}");

    [Fact]
    public void A_full_history_drops_its_oldest_entry_and_keeps_the_rest_in_order()
    {
        var history = EventHistory.Empty(capacity: 3);
        for (var n = 1; n <= 5; n++)
        {
            history = history.Add(Entry(n));
        }

        history.Entries.Should().Equal(Entry(3), Entry(4), Entry(5));
    }

    [Fact]
    public void A_history_rebuilt_from_saved_entries_keeps_the_newest_within_capacity()
    {
        var history = EventHistory.Of([Entry(1), Entry(2), Entry(3), Entry(4)], capacity: 3);

        history.Entries.Should().Equal(Entry(2), Entry(3), Entry(4));
        history.Add(Entry(5)).Entries.Should().Equal(Entry(3), Entry(4), Entry(5));
    }

    [Fact]
    public void A_history_below_capacity_keeps_everything()
    {
        var history = EventHistory.Empty(capacity: 3).Add(Entry(1)).Add(Entry(2));

        history.Entries.Should().Equal(Entry(1), Entry(2));
    }

    [Fact]
    public void Adding_does_not_change_the_earlier_history()
    {
        var before = EventHistory.Empty(capacity: 2).Add(Entry(1)).Add(Entry(2));

        var after = before.Add(Entry(3));

        before.Entries.Should().Equal(Entry(1), Entry(2));
        after.Entries.Should().Equal(Entry(2), Entry(3));
    }

    [Fact]
    public void Adding_nothing_returns_the_same_history()
    {
        var history = EventHistory.Empty().Add(Entry(1));

        history.Add(null).Should().BeSameAs(history);
        history.Capacity.Should().Be(EventHistory.DefaultCapacity);
    }

    [Fact]
    public void A_history_must_hold_at_least_one_entry()
    {
        FluentActions.Invoking(() => EventHistory.Empty(0)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
