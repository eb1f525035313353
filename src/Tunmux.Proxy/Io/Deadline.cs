namespace Tunmux.Proxy.Io;

/// <summary>A fixed time limit on a phase (handshake), linked to the connection's own token.</summary>
internal sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _parent;

    public Deadline(TimeSpan limit, CancellationToken parent)
    {
        _parent = parent;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(parent);
        _cts.CancelAfter(limit);
    }

    public CancellationToken Token => _cts.Token;

    public bool Expired => _cts.IsCancellationRequested && !_parent.IsCancellationRequested;

    public void Dispose() => _cts.Dispose();
}
