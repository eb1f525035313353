namespace Tunmux.Core.Lifecycle;

/// <summary>The answer of <see cref="ITunnelState.Next"/>: the state to be in and what to do now.</summary>
public sealed record Transition(ITunnelState Next, IReadOnlyList<LifecycleAction> Actions)
{
    public static Transition To(ITunnelState next, params LifecycleAction[] actions) => new(next, actions);

    public static Transition Stay(ITunnelState current) => new(current, []);
}
