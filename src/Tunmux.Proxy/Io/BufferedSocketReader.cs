using System.Buffers;
using System.Net.Sockets;

namespace Tunmux.Proxy.Io;

/// <summary>
/// Reads a socket through a pooled buffer that exists only while it holds unconsumed bytes (or, in a
/// handshake, while it waits for the answer to a reply): when the buffer is empty it goes back to the
/// pool, and the next read first waits with a zero-byte receive, so an idle connection holds no buffer at all.
/// </summary>
internal sealed class BufferedSocketReader(Socket socket, int initialBufferBytes = 4096) : IDisposable
{
    private byte[]? _buffer;
    private int _start;
    private int _end;

    public Socket Socket => socket;

    public int BufferedCount => _end - _start;

    public ReadOnlySpan<byte> Buffered => _buffer is null ? default : _buffer.AsSpan(_start, _end - _start);

    public ReadOnlyMemory<byte> BufferedMemory => _buffer is null ? default : _buffer.AsMemory(_start, _end - _start);

    /// <summary>Zeroes part of the unconsumed bytes (a secret, before the buffer can go back to the shared pool).</summary>
    public void Wipe(Range range)
    {
        if (_buffer is not null)
        {
            _buffer.AsSpan(_start, _end - _start)[range].Clear();
        }
    }

    public void Consume(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, BufferedCount);
        _start += count;
        if (_start == _end)
        {
            Release();
        }
    }

    /// <summary>
    /// Receives more bytes, growing the buffer up to <paramref name="maxBuffered"/>. False at end of stream.
    /// With <paramref name="dataExpected"/> (a request right behind the connect) a non-blocking socket is
    /// read at once, and only waited for when that finds nothing: one system call instead of a readiness
    /// check and a read. With <paramref name="answerExpected"/> (the peer answers a reply just sent, as in a
    /// handshake) it waits with a buffer in hand, so the wait and the read are one receive: one system call
    /// and one socket operation fewer than waiting first, for a buffer held only until the answer comes or
    /// the handshake times out. Otherwise it waits first, holding no buffer meanwhile.
    /// </summary>
    public async ValueTask<bool> FillAsync(int maxBuffered, CancellationToken cancellationToken, bool dataExpected = false, bool answerExpected = false)
    {
        if (BufferedCount >= maxBuffered)
        {
            throw new InvalidOperationException("The read buffer is already at its limit.");
        }

        if (_buffer is null && dataExpected && !socket.Blocking && TryReceiveNow(maxBuffered) is { } gotAnything)
        {
            return gotAnything;
        }

        if (_buffer is null && answerExpected)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initialBufferBytes, maxBuffered));
            _start = _end = 0;
        }
        else if (_buffer is null)
        {
            await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initialBufferBytes, maxBuffered));
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            MakeRoom(maxBuffered);
        }

        var room = Math.Min(_buffer.Length, _start + maxBuffered) - _end;
        var received = await socket.ReceiveAsync(_buffer.AsMemory(_end, room), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (received == 0)
        {
            if (BufferedCount == 0)
            {
                Release();
            }

            return false;
        }

        _end += received;
        return true;
    }

    /// <summary>Completes when a read would not block (data buffered or arrived, or end of stream), holding no buffer meanwhile.</summary>
    public async ValueTask WaitForDataAsync(CancellationToken cancellationToken)
    {
        if (BufferedCount == 0)
        {
            await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Buffered bytes first, then straight from the socket. Zero at end of stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (BufferedCount > 0)
        {
            var count = Math.Min(BufferedCount, destination.Length);
            Buffered[..count].CopyTo(destination.Span);
            Consume(count);
            return count;
        }

        return await socket.ReceiveAsync(destination, SocketFlags.None, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var done = 0;
        while (done < destination.Length)
        {
            if (BufferedCount == 0 && !await FillAsync(Math.Max(initialBufferBytes, 1), cancellationToken).ConfigureAwait(false))
            {
                throw new EndOfStreamException();
            }

            var count = Math.Min(BufferedCount, destination.Length - done);
            Buffered[..count].CopyTo(destination.Span[done..]);
            Consume(count);
            done += count;
        }
    }

    public async ValueTask<byte> ReadByteAsync(CancellationToken cancellationToken)
    {
        if (BufferedCount == 0 && !await FillAsync(Math.Max(initialBufferBytes, 1), cancellationToken).ConfigureAwait(false))
        {
            throw new EndOfStreamException();
        }

        var value = Buffered[0];
        Consume(1);
        return value;
    }

    public void Dispose() => Release();

    /// <summary>True or false (end of stream) when the socket had something to say; null when it would block.</summary>
    private bool? TryReceiveNow(int maxBuffered)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initialBufferBytes, maxBuffered));
        _start = _end = 0;
        var received = socket.Receive(_buffer.AsSpan(0, Math.Min(_buffer.Length, maxBuffered)), SocketFlags.None, out var error);
        if (error == SocketError.Success && received > 0)
        {
            _end = received;
            return true;
        }

        Release();
        return error switch
        {
            SocketError.Success => false,
            SocketError.WouldBlock => null,
            _ => throw new SocketException((int)error),
        };
    }

    private void MakeRoom(int maxBuffered)
    {
        var buffer = _buffer!;
        var count = BufferedCount;
        if (_start > 0)
        {
            Buffer.BlockCopy(buffer, _start, buffer, 0, count);
        }
        else
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBuffered));
            Buffer.BlockCopy(buffer, 0, bigger, 0, count);
            ArrayPool<byte>.Shared.Return(buffer);
            _buffer = bigger;
        }

        _start = 0;
        _end = count;
    }

    private void Release()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _start = _end = 0;
    }
}
