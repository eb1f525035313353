using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tunmux.Proxy.Io;

namespace Tunmux.Proxy.Relay;

/// <summary>
/// Linux zero-copy relay: socket -> pipe -> socket with splice(2), so payload never enters user
/// space. Readiness comes from a zero-byte receive on the .NET socket (its epoll engine); the
/// source is then drained until EAGAIN, which keeps edge-triggered notification correct. When the
/// destination's send buffer is full, the bytes already in the pipe go out through an ordinary
/// async send, which waits for room without blocking a thread (backpressure); the source is not
/// read again until they are out. If the kernel refuses splice for these sockets, the direction
/// carries on with the managed copy. Like the managed relay's buffers, pipes are taken from a pool
/// when data arrives and given back when the source runs dry, so quiet connections hold none.
/// </summary>
internal sealed class SpliceRelay(int fallbackBufferBytes) : IRelay, IDisposable
{
    private const int PipeChunk = 64 * 1024;
    private const uint Flags = LibC.SPLICE_F_MOVE | LibC.SPLICE_F_NONBLOCK;

    /// <summary>Enough for every busy direction of a loaded proxy; beyond it pipes are made and closed per burst.</summary>
    private const int PooledPipes = 64;

    private readonly ManagedRelay _fallback = new(fallbackBufferBytes);
    private readonly SplicePipePool _pipes = new(PooledPipes);
    private long _splicedBytes;

    private enum BurstEnd
    {
        /// <summary>The source has nothing more for now; wait for it again.</summary>
        Drained,

        /// <summary>The source finished sending.</summary>
        EndOfStream,

        /// <summary>splice(2) refused these sockets before any byte moved.</summary>
        Unsupported,
    }

    public string Name => "splice";

    /// <summary>Bytes that went socket to pipe by splice (not through the fallback), for tests and diagnostics.</summary>
    public long SplicedBytes => Interlocked.Read(ref _splicedBytes);

    /// <summary>Pipes held by relay directions right now (zero when every connection is quiet).</summary>
    public int PipesInUse => _pipes.InUse;

    /// <summary>Closes the pooled pipes; a relay still running returns its pipe to nobody and closes it.</summary>
    public void Dispose() => _pipes.Dispose();

    /// <summary>True on Linux when a pipe can be made; splice itself is checked on first use.</summary>
    public static bool IsSupported(out string reason)
    {
        if (!OperatingSystem.IsLinux())
        {
            reason = "not Linux";
            return false;
        }

        try
        {
            LibC.EnsureResolver();
            SplicePipe.Create().Dispose();
            reason = "";
            return true;
        }
        catch (Exception e) when (e is IOException or DllNotFoundException or EntryPointNotFoundException)
        {
            reason = e.Message;
            return false;
        }
    }

    public Task<RelayResult> RunAsync(Socket client, Socket target, TimeSpan idleTimeout, CancellationToken cancellationToken) =>
        RelayRunner.RunAsync(client, target, idleTimeout, cancellationToken, PumpAsync);

    private async Task PumpAsync(Socket from, Socket to, Action<long> moved, IdleWatchdog watchdog, CancellationToken cancellationToken)
    {
        // Hold references so neither descriptor can be closed (and its number reused) mid-splice.
        var fromRef = false;
        var toRef = false;
        try
        {
            from.SafeHandle.DangerousAddRef(ref fromRef);
            to.SafeHandle.DangerousAddRef(ref toRef);
            var source = (int)from.SafeHandle.DangerousGetHandle();
            var destination = (int)to.SafeHandle.DangerousGetHandle();
            MakeNonBlocking(source);
            MakeNonBlocking(destination);
            if (!await SpliceLoopAsync(from, to, source, destination, moved, watchdog, cancellationToken).ConfigureAwait(false))
            {
                await _fallback.PumpAsync(from, to, moved, watchdog, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (toRef)
            {
                to.SafeHandle.DangerousRelease();
            }

            if (fromRef)
            {
                from.SafeHandle.DangerousRelease();
            }
        }
    }

    /// <summary>False when splice is refused before any byte moved, so the caller can fall back.</summary>
    private async Task<bool> SpliceLoopAsync(Socket from, Socket to, int source, int destination,
        Action<long> moved, IdleWatchdog watchdog, CancellationToken cancellationToken)
    {
        var anyMoved = false;
        while (true)
        {
            await from.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            var pipe = _pipes.Rent();
            BurstEnd end;
            try
            {
                (end, anyMoved) = await SpliceBurstAsync(to, source, destination, pipe, anyMoved, moved, watchdog, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _pipes.Discard(pipe);
                throw;
            }

            // Every burst ends with the pipe drained to the destination, so it goes back empty.
            _pipes.Return(pipe);
            switch (end)
            {
                case BurstEnd.EndOfStream:
                    to.TryShutdownSend();
                    return true;
                case BurstEnd.Unsupported:
                    return false;
            }
        }
    }

    /// <summary>Moves what the source has (until EAGAIN or its end), each chunk through the pipe and out.</summary>
    private async Task<(BurstEnd End, bool AnyMoved)> SpliceBurstAsync(Socket to, int source, int destination, SplicePipe pipe, bool anyMoved,
        Action<long> moved, IdleWatchdog watchdog, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var spliced = LibC.splice(source, 0, pipe.WriteFd, 0, PipeChunk, Flags);
            if (spliced == 0)
            {
                return (BurstEnd.EndOfStream, anyMoved);
            }

            if (spliced < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EAGAIN)
                {
                    return (BurstEnd.Drained, anyMoved);
                }

                if (errno == LibC.EINTR)
                {
                    continue;
                }

                if (!anyMoved && errno is LibC.EINVAL or LibC.ENOSYS)
                {
                    return (BurstEnd.Unsupported, anyMoved);
                }

                throw new IOException($"splice from socket failed (errno {errno})");
            }

            anyMoved = true;
            Interlocked.Add(ref _splicedBytes, spliced);
            watchdog.Touch();
            await DrainPipeAsync(pipe, to, destination, (int)spliced, cancellationToken).ConfigureAwait(false);
            watchdog.Touch();
            moved(spliced);
        }
    }

    private static async Task DrainPipeAsync(SplicePipe pipe, Socket to, int destination, int pending, CancellationToken cancellationToken)
    {
        while (pending > 0)
        {
            var spliced = LibC.splice(pipe.ReadFd, 0, destination, 0, (nuint)pending, Flags);
            if (spliced > 0)
            {
                pending -= (int)spliced;
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (spliced < 0 && errno == LibC.EINTR)
            {
                continue;
            }

            if (spliced < 0 && errno == LibC.EAGAIN)
            {
                pending -= await SendFromPipeAsync(pipe, to, pending, cancellationToken).ConfigureAwait(false);
                continue;
            }

            throw new IOException($"splice to socket failed (errno {errno})");
        }
    }

    /// <summary>Moves some pipe contents through a managed buffer with an async send that waits for room.</summary>
    private static async Task<int> SendFromPipeAsync(SplicePipe pipe, Socket to, int pending, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(pending, PipeChunk));
        try
        {
            var read = ReadPipe(pipe.ReadFd, buffer, Math.Min(pending, buffer.Length));
            await to.SendAllAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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

    private static void MakeNonBlocking(int fd)
    {
        var flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
        if (flags < 0)
        {
            throw new IOException($"fcntl(F_GETFL) failed (errno {Marshal.GetLastPInvokeError()})");
        }

        if ((flags & LibC.O_NONBLOCK) == 0 && LibC.fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK) < 0)
        {
            throw new IOException($"fcntl(F_SETFL) failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }
}
