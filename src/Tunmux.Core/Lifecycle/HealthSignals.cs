namespace Tunmux.Core.Lifecycle;

/// <summary>
/// The two independent health signals of a connected tunnel. Each clears only by its own kind of
/// evidence: a fresh handshake does not excuse a failed probe, nor the other way round.
/// </summary>
public sealed record HealthSignals(Cause? Handshake, Cause? Probe)
{
    public static HealthSignals Clear { get; } = new(null, null);

    public bool AllClear => Handshake is null && Probe is null;

    /// <summary>The problem to report first: a handshake problem outranks a probe failure.</summary>
    public Cause? Worst => Handshake ?? Probe;
}
