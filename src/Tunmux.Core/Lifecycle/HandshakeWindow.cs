namespace Tunmux.Core.Lifecycle;

/// <summary>The grace period after a build, reconnect or failover in which a missing or old handshake is not held against the tunnel.</summary>
public sealed record HandshakeWindow(DateTimeOffset Since, DateTimeOffset Deadline)
{
    public static HandshakeWindow Starting(DateTimeOffset since, TimeSpan grace) => new(since, since + grace);

    public TimeSpan Length => Deadline - Since;

    public bool IsOpenAt(DateTimeOffset now) => now < Deadline;
}
