using Tunmux.Core.Providers;

namespace Tunmux.Core.Tests.Providers;

/// <summary>Issue #4 and #5: which server a provider tunnel keeps or moves to after failovers.</summary>
public sealed class ServerAvoidanceTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ServerAvoidance Avoidance = ServerAvoidance.Default;
    private static readonly string[] BestFirst = ["CH#1", "CH#2", "CH#3"];

    private static DateTimeOffset Minutes(double minutes) => T0.AddMinutes(minutes);

    private static string Choose(IReadOnlyList<ServerMark>? marks, DateTimeOffset now) => Avoidance.Choose(BestFirst, s => s, marks, now);

    [Fact]
    public void Without_marks_the_best_server_is_chosen()
    {
        Choose(null, T0).Should().Be("CH#1");
    }

    [Fact]
    public void A_marked_server_is_passed_over_for_the_next_best()
    {
        var marks = Avoidance.Mark(null, "CH#1", T0);

        Choose(marks, Minutes(1)).Should().Be("CH#2");
        Choose(Avoidance.Mark(marks, "ch#2", Minutes(1)), Minutes(2)).Should().Be("CH#3", "names compare without case, as providers list them");
    }

    [Fact]
    public void When_every_server_is_marked_the_least_recently_marked_is_chosen()
    {
        var marks = Avoidance.Mark(Avoidance.Mark(Avoidance.Mark(null, "CH#2", T0), "CH#1", Minutes(1)), "CH#3", Minutes(2));

        Choose(marks, Minutes(3)).Should().Be("CH#2");
    }

    [Fact]
    public void A_mark_lasts_30_minutes_and_is_then_dropped()
    {
        var marks = Avoidance.Mark(null, "CH#1", T0);

        Choose(marks, Minutes(29.9)).Should().Be("CH#2");
        Choose(marks, Minutes(30)).Should().Be("CH#1");
        Avoidance.Active(marks, Minutes(30)).Should().BeEmpty();
        Avoidance.Mark(marks, "CH#2", Minutes(31)).Should().Equal(new ServerMark("CH#2", Minutes(31)));
    }

    [Fact]
    public void Marking_a_server_again_moves_its_mark_rather_than_adding_one()
    {
        var marks = Avoidance.Mark(Avoidance.Mark(Avoidance.Mark(null, "CH#1", T0), "CH#2", Minutes(1)), "CH#1", Minutes(2));

        marks.Should().Equal(new ServerMark("CH#2", Minutes(1)), new ServerMark("CH#1", Minutes(2)));
    }

    [Fact]
    public void The_chosen_server_is_kept_until_it_is_marked_after_it_was_chosen()
    {
        Avoidance.Keeps("CH#1", T0, null, Minutes(1)).Should().BeTrue();
        Avoidance.Keeps("CH#1", T0, Avoidance.Mark(null, "CH#2", Minutes(1)), Minutes(1)).Should().BeTrue("another server's mark is no reason to move");
        Avoidance.Keeps("CH#1", T0, Avoidance.Mark(null, "CH#1", Minutes(1)), Minutes(1)).Should().BeFalse();
        Avoidance.Keeps("CH#1", Minutes(2), Avoidance.Mark(null, "CH#1", Minutes(1)), Minutes(3))
            .Should().BeTrue("chosen after its mark (every other server was marked too), it stays rather than flapping");
        Avoidance.Keeps("CH#1", T0, Avoidance.Mark(null, "CH#1", Minutes(1)), Minutes(31)).Should().BeTrue("the mark has expired");
    }

    [Fact]
    public void A_custom_lifetime_is_honoured()
    {
        var brief = new ServerAvoidance(TimeSpan.FromMinutes(5));

        brief.Choose(BestFirst, s => s, brief.Mark(null, "CH#1", T0), Minutes(5)).Should().Be("CH#1");
    }
}
