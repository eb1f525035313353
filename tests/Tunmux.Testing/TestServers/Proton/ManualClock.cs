namespace Tunmux.Testing.TestServers.Proton;

/// <summary>A clock tests move by hand, shared by the test server and the client under test.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public static ManualClock StartingNow() => new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
