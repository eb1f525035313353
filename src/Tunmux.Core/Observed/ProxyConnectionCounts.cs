using Tunmux.Core.State;

namespace Tunmux.Core.Observed;

/// <summary>
/// What a proxy worker last published about its client connections: how many are open now and
/// how many it admitted since it started. <paramref name="Worker"/> tells one worker's counts from
/// the next one's, so a consumer can keep a running total across worker restarts.
/// </summary>
public sealed record ProxyConnectionCounts(ProcessRef Worker, long Active, long Total);
