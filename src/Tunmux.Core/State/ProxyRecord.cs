namespace Tunmux.Core.State;

/// <summary>A running proxy worker: where it listens and which process it is. Holds no secrets.</summary>
public sealed record ProxyRecord(
    string Name,
    string TunnelRef,
    string? SocksListen,
    string? HttpListen,
    string SpecHash,
    ProcessRef Process,
    DateTimeOffset CreatedAt);
