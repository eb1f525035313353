using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tunmux.Proxy.Io;

namespace Tunmux.Proxy.Relay;

/// <summary>
/// One direction of a <see cref="Tunnel"/>. It waits for its source with a zero-byte receive, then
/// moves what is there to the destination, by splice(2) through a pooled pipe (the payload never
/// enters user space) or through a pooled buffer, until the source has nothing more for now; then it
/// gives the pipe or buffer back and waits again. Like haproxy's splice-auto, a direction copies until
/// one read fills the buffer, and splices from then on: a short request or answer costs a copy of a
/// few bytes rather than two splices through a pipe, which took more CPU per new connection (measured
/// with bench/proxy.sh, see bench/README.md), while bulk data still never enters user space. When splice
/// is refused, or the managed relay is configured, it copies throughout. A short read is taken as "drained": the next wait starts at once, and the socket's own
/// attempt before waiting still catches bytes that came in between.
/// <para>
/// When the destination is full, the bytes in hand go out through an ordinary async send, which waits
/// for room; the source is not read again until they are out (backpressure). It is a small state
/// machine driven by socket completions rather than an async method, so a waiting direction costs this
/// object and nothing else.
/// </para>
/// </summary>
internal sealed class TunnelDirection
{
    private const int PipeChunk = 64 * 1024;
    private const uint SpliceFlags = LibC.SPLICE_F_MOVE | LibC.SPLICE_F_NONBLOCK;

    private readonly Tunnel _tunnel;
    private readonly Socket _from;
    private readonly Socket _to;
    private readonly TunnelTransfer _transfer;
    private readonly Action _onPendingDone;
    private ValueTask<int> _pending;
    private bool _pendingIsSend;
    private SplicePipe? _pipe;
    private int _inPipe;
    private byte[]? _buffer;
    private int _sendFrom;
    private int _sendTo;
    private bool _probablyDrained;
    private bool _copying;
    private bool _spliceAllowed;
    private bool _spliceWorked;

    public TunnelDirection(Tunnel tunnel, Socket from, Socket to, TunnelTransfer transfer)
    {
        _tunnel = tunnel;
        _from = from;
        _to = to;
        _transfer = transfer;
        _spliceAllowed = transfer.Pipes is not null;

        // Every direction starts by copying (see the class comment): most connections only ever carry
        // a request and its answer, and a pipe costs more than a copy for those few bytes.
        _copying = true;
        _onPendingDone = OnPendingDone;
    }

    private enum Step
    {
        Transfer,
        Wait,
        Send,
        End,
        Stop,
        Fail,
    }

    /// <summary>Changed by the tunnel under its lock.</summary>
    public DirectionPhase Phase { get; set; }

    /// <summary>Bytes delivered to the destination.</summary>
    public long Moved { get; private set; }

    /// <summary>At the start of a tunnel neither side has usually sent yet, so it begins by waiting.</summary>
    public void Start() => Run(Step.Wait);

    private void Run(Step next)
    {
        while (true)
        {
            if (_tunnel.IsStopping && next is Step.Transfer or Step.Wait or Step.Send)
            {
                next = Step.Stop;
            }

            if (next == Step.Transfer)
            {
                next = TransferSafely();
                continue;
            }

            ValueTask<int> pending;
            switch (next)
            {
                case Step.Wait:
                case Step.Send:
                    if (!TryBegin(next, out pending))
                    {
                        next = Step.Fail;
                        continue;
                    }

                    break;
                case Step.End:
                    // The source finished sending: so does the destination (half-close goes through).
                    // When the other direction has already ended, both sockets are closed next and the
                    // close sends that FIN itself: one system call fewer per connection.
                    if (!_tunnel.OtherDirectionDone(this))
                    {
                        _to.TryShutdownSend();
                    }

                    ReleaseAll();
                    _tunnel.Finished(this, null);
                    return;
                case Step.Stop:
                    ReleaseAll();
                    _tunnel.Finished(this, null);
                    return;
                default:
                    ReleaseAll();
                    _tunnel.Finished(this, RelayOutcome.Error);
                    return;
            }

            if (!pending.IsCompleted)
            {
                // Parked first: the completion may run on another thread the moment it is registered.
                _pending = pending;
                _tunnel.Parked(this);
                _pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onPendingDone);
                return;
            }

            next = EndPending(pending);
        }
    }

    private void OnPendingDone()
    {
        var pending = _pending;
        _pending = default;
        var next = EndPending(pending);
        if (!_tunnel.Resumed(this))
        {
            // The tunnel ended while this direction waited; its sockets may be gone already.
            ReleaseAll();
            _tunnel.Finished(this, null);
            return;
        }

        Run(next);
    }

    private bool TryBegin(Step step, out ValueTask<int> pending)
    {
        _pendingIsSend = step == Step.Send;
        try
        {
            pending = _pendingIsSend
                ? _to.SendAsync(_buffer.AsMemory(_sendFrom, _sendTo - _sendFrom), SocketFlags.None)
                : _from.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            pending = default;
            return false;
        }
    }

    private Step EndPending(ValueTask<int> pending)
    {
        int result;
        try
        {
            result = pending.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return Step.Fail;
        }

        if (_pendingIsSend)
        {
            Delivered(result);
            _sendFrom += result;
        }

        return Step.Transfer;
    }

    /// <summary>Holds both descriptors for the system calls, so neither can be closed (and its number reused) meanwhile.</summary>
    private Step TransferSafely()
    {
        var fromRef = false;
        var toRef = false;
        try
        {
            _from.SafeHandle.DangerousAddRef(ref fromRef);
            _to.SafeHandle.DangerousAddRef(ref toRef);
            return Transfer((int)_from.SafeHandle.DangerousGetHandle(), (int)_to.SafeHandle.DangerousGetHandle());
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            return Step.Fail;
        }
        finally
        {
            if (toRef)
            {
                _to.SafeHandle.DangerousRelease();
            }

            if (fromRef)
            {
                _from.SafeHandle.DangerousRelease();
            }
        }
    }

    /// <summary>Moves bytes until something has to be waited for, or the direction is over.</summary>
    private Step Transfer(int source, int destination)
    {
        while (!_tunnel.IsStopping)
        {
            if (_sendFrom < _sendTo)
            {
                var sent = _to.Send(_buffer.AsSpan(_sendFrom, _sendTo - _sendFrom), SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    return Step.Send;
                }

                if (error != SocketError.Success)
                {
                    throw new SocketException((int)error);
                }

                Delivered(sent);
                _sendFrom += sent;
                continue;
            }

            if (_inPipe > 0)
            {
                DrainPipe(destination);
                continue;
            }

            if (_probablyDrained)
            {
                _probablyDrained = false;
                ReleaseIdle();
                return Step.Wait;
            }

            var read = _copying ? Receive() : SpliceIn(source);
            if (read != Step.Transfer)
            {
                ReleaseIdle();
                return read;
            }
        }

        return Step.Stop;
    }

    /// <summary>Pipe to destination; when the destination is full, the pipe's bytes move to a buffer for an async send.</summary>
    private void DrainPipe(int destination)
    {
        var spliced = LibC.splice(_pipe!.ReadFd, 0, destination, 0, (nuint)_inPipe, SpliceFlags);
        if (spliced > 0)
        {
            _inPipe -= (int)spliced;
            Delivered(spliced);
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (spliced < 0 && errno == LibC.EINTR)
        {
            return;
        }

        if (spliced < 0 && errno == LibC.EAGAIN)
        {
            var count = Math.Min(_inPipe, PipeChunk);
            EnsureBuffer(count);
            var read = ReadPipe(_pipe.ReadFd, _buffer!, count);
            _inPipe -= read;
            _sendFrom = 0;
            _sendTo = read;
            return;
        }

        throw new IOException($"splice to socket failed (errno {errno})");
    }

    /// <summary>Source to pipe: Transfer to go on, Wait when there is nothing, End at end of stream.</summary>
    private Step SpliceIn(int source)
    {
        _pipe ??= _transfer.Pipes!.Rent();
        var spliced = LibC.splice(source, 0, _pipe.WriteFd, 0, (nuint)_pipe.Capacity, SpliceFlags);
        if (spliced > 0)
        {
            _spliceWorked = true;
            _inPipe = (int)spliced;
            _transfer.Counters.Add(spliced);
            _probablyDrained = spliced < _pipe.Capacity;
            return Step.Transfer;
        }

        if (spliced == 0)
        {
            return Step.End;
        }

        var errno = Marshal.GetLastPInvokeError();
        switch (errno)
        {
            case LibC.EINTR:
                return Step.Transfer;
            case LibC.EAGAIN:
                return Step.Wait;
            case LibC.EINVAL or LibC.ENOSYS when !_spliceWorked:
                // The kernel refuses splice for these sockets: copy instead, for the rest of this direction.
                _copying = true;
                _spliceAllowed = false;
                return Step.Transfer;
            default:
                throw new IOException($"splice from socket failed (errno {errno})");
        }
    }

    /// <summary>Source to buffer (the managed way): Transfer to go on, Wait when there is nothing, End at end of stream.</summary>
    private Step Receive()
    {
        EnsureBuffer(_transfer.BufferBytes);
        var received = _from.Receive(_buffer.AsSpan(0, _transfer.BufferBytes), SocketFlags.None, out var error);
        if (error == SocketError.WouldBlock)
        {
            return Step.Wait;
        }

        if (error != SocketError.Success)
        {
            throw new SocketException((int)error);
        }

        if (received == 0)
        {
            return Step.End;
        }

        _sendFrom = 0;
        _sendTo = received;
        _probablyDrained = received < _transfer.BufferBytes;
        if (!_probablyDrained && _spliceAllowed)
        {
            // A full buffer: bulk data, which splice moves for a third less CPU per GiB. From here on, splice.
            _copying = false;
        }

        return Step.Transfer;
    }

    private void Delivered(long count)
    {
        Moved += count;
        _tunnel.Touch();
    }

    private void EnsureBuffer(int size)
    {
        if (_buffer is not null && _buffer.Length < size)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _buffer ??= ArrayPool<byte>.Shared.Rent(size);
    }

    /// <summary>Before waiting: an empty pipe and an empty buffer go back to their pools.</summary>
    private void ReleaseIdle()
    {
        if (_pipe is not null && _inPipe == 0)
        {
            _transfer.Pipes!.Return(_pipe);
            _pipe = null;
        }

        if (_buffer is not null && _sendFrom >= _sendTo)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _sendFrom = _sendTo = 0;
        }
    }

    /// <summary>At the end: a pipe that may still hold bytes is closed rather than pooled.</summary>
    private void ReleaseAll()
    {
        if (_pipe is not null)
        {
            if (_inPipe == 0)
            {
                _transfer.Pipes!.Return(_pipe);
            }
            else
            {
                _transfer.Pipes!.Discard(_pipe);
            }

            _pipe = null;
            _inPipe = 0;
        }

        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _sendFrom = _sendTo = 0;
    }

    private static unsafe int ReadPipe(int fd, byte[] buffer, int count)
    {
        while (true)
        {
            nint read;
            fixed (byte* p = buffer)
            {
                read = LibC.read(fd, p, (nuint)count);
            }

            if (read > 0)
            {
                return (int)read;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (read < 0 && errno == LibC.EINTR)
            {
                continue;
            }

            throw new IOException($"read from pipe failed (errno {errno})");
        }
    }
}
