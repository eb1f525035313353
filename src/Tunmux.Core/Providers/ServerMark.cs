namespace Tunmux.Core.Providers;

/// <summary>
/// A provider server that failed a tunnel: the lifecycle failed over from it at
/// <paramref name="MarkedAt"/>. Kept with the tunnel's sticky choice, and avoided for that tunnel
/// until the mark expires (<see cref="ServerAvoidance.MarkLifetime"/>).
/// </summary>
public sealed record ServerMark(string Server, DateTimeOffset MarkedAt);
