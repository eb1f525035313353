namespace Tunmux.Proxy.Relay;

/// <summary>Bytes that went socket to pipe by splice, for tests and diagnostics.</summary>
internal sealed class SpliceCounters
{
    private long _spliced;

    public long Spliced => Interlocked.Read(ref _spliced);

    public void Add(long bytes) => Interlocked.Add(ref _spliced, bytes);
}
