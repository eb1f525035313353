namespace Tunmux.Proxy.Relay;

/// <summary>
/// How tunnels move bytes: by splice(2) through pipes from <paramref name="Pipes"/> (null: copy
/// through a pooled buffer of <paramref name="BufferBytes"/>), counting spliced bytes in <paramref name="Counters"/>.
/// </summary>
internal sealed record TunnelTransfer(SplicePipePool? Pipes, int BufferBytes, SpliceCounters Counters);
