namespace Tunmux.Proxy.Relay;

/// <summary>Bytes moved each way and how the relay ended.</summary>
internal readonly record struct RelayResult(long ClientToTarget, long TargetToClient, RelayOutcome Outcome);
