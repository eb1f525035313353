using Tunmux.Core.Lifecycle.Conditions;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class ConditionSetTests
{
    private static Condition Ready(ConditionStatus status, string reason, DateTimeOffset at, long generation = 1) =>
        new(ConditionTypes.Ready, status, reason, $"message for {reason}", generation, at);

    [Fact]
    public void A_new_condition_is_added_with_its_own_transition_time()
    {
        var set = ConditionSet.Empty.Set(Ready(ConditionStatus.False, "Building", Clock.T(1)));

        set.Find(ConditionTypes.Ready).Should().Be(Ready(ConditionStatus.False, "Building", Clock.T(1)));
    }

    [Fact]
    public void The_same_status_with_a_new_reason_keeps_the_transition_time_but_takes_the_rest()
    {
        var set = ConditionSet.Empty.Set(Ready(ConditionStatus.False, "Building", Clock.T(1)));

        set = set.Set(Ready(ConditionStatus.False, "AwaitingHandshake", Clock.T(5), generation: 2));

        set.Find(ConditionTypes.Ready).Should().Be(new Condition(
            ConditionTypes.Ready, ConditionStatus.False, "AwaitingHandshake", "message for AwaitingHandshake", 2, Clock.T(1)));
    }

    [Fact]
    public void A_status_change_moves_the_transition_time()
    {
        var set = ConditionSet.Empty.Set(Ready(ConditionStatus.False, "Building", Clock.T(1)));

        set = set.Set(Ready(ConditionStatus.True, "Ready", Clock.T(5)));

        set.Find(ConditionTypes.Ready)!.LastTransitionTime.Should().Be(Clock.T(5));
    }

    [Fact]
    public void Setting_what_is_already_there_returns_the_same_set()
    {
        var set = ConditionSet.Empty.Set(Ready(ConditionStatus.True, "Ready", Clock.T(1)));

        var again = set.Set(Ready(ConditionStatus.True, "Ready", Clock.T(99)));

        again.Should().BeSameAs(set);
    }

    [Fact]
    public void Sets_with_the_same_conditions_are_equal()
    {
        var a = ConditionSet.Empty.Set(Ready(ConditionStatus.True, "Ready", Clock.T(1)));
        var b = ConditionSet.Empty.Set(Ready(ConditionStatus.True, "Ready", Clock.T(1)));
        var c = ConditionSet.Empty.Set(Ready(ConditionStatus.True, "Ready", Clock.T(2)));

        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());
        a.Should().NotBe(c);
    }

    [Fact]
    public void Conditions_keep_the_order_they_were_first_set_in_and_can_be_removed()
    {
        var set = ConditionSet.Empty
            .Set(Ready(ConditionStatus.True, "Ready", Clock.T(1)))
            .Set(new Condition(ConditionTypes.ProxyListening, ConditionStatus.True, "Listening", "", 1, Clock.T(1)))
            .Set(new Condition(ConditionTypes.Degraded, ConditionStatus.False, "Connected", "", 1, Clock.T(1)))
            .Set(Ready(ConditionStatus.False, "Reconnecting", Clock.T(2)));

        set.Items.Select(c => c.Type).Should().Equal(ConditionTypes.Ready, ConditionTypes.ProxyListening, ConditionTypes.Degraded);
        set.Remove(ConditionTypes.ProxyListening).Items.Select(c => c.Type).Should().Equal(ConditionTypes.Ready, ConditionTypes.Degraded);
        set.Remove("Nope").Should().BeSameAs(set);
    }
}
