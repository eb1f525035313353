using System.Buffers;
using System.Runtime.InteropServices;
using Tunmux.Linux.Netns;

namespace Tunmux.Linux.Netlink;

/// <summary>
/// An AF_NETLINK socket driven by bare system calls. A netlink socket answers for the network
/// namespace it was created in, whichever thread later uses it: so only socket() runs on a
/// thread that entered the other namespace (no managed Socket, nothing that could start a
/// runtime thread there), and the requests are sent and read back on the caller's thread.
/// </summary>
internal sealed partial class NetlinkSocket : IDisposable
{
    private const int SockRaw = 3;
    private const int SockCloexec = 0x80000;
    private const int SolSocket = 1;
    private const int SoReceiveTimeout = 20;
    private const int MsgTrunc = 0x20;
    private const int Eintr = 4;
    private const int Eagain = 11;
    private const int ReceiveBufferLength = 32768; // the kernel caps a dump's datagrams at 32 KiB
    private const int KernelAddressLength = 12; // struct sockaddr_nl: u16 family, u16 pad, u32 port id 0 (the kernel), u32 groups

    private static int _lastSequence;

    private int _fd;

    private NetlinkSocket(int fd) => _fd = fd;

    /// <summary>A fresh sequence number for a request, unique within this process.</summary>
    public static uint NextSequence() => (uint)Interlocked.Increment(ref _lastSequence);

    /// <summary>
    /// Opens a netlink socket of <paramref name="protocol"/> in the namespace at
    /// <paramref name="namespacePath"/>, or in this thread's own namespace when it is null.
    /// Throws <see cref="NetworkNamespaceException"/> or <see cref="NetlinkException"/>.
    /// </summary>
    public static NetlinkSocket Open(int protocol, string? namespacePath, TimeSpan timeout)
    {
        var (fd, errno) = namespacePath is null ? Create(protocol) : NetworkNamespace.RunInside(namespacePath, () => Create(protocol));
        if (fd < 0)
        {
            throw new NetlinkException($"cannot open a netlink socket: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        var socket = new NetlinkSocket(fd);
        var limit = new TimeValue((nint)timeout.TotalSeconds, timeout.Microseconds + (timeout.Milliseconds * 1000));
        if (SetReceiveTimeout(fd, SolSocket, SoReceiveTimeout, ref limit, Marshal.SizeOf<TimeValue>()) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            socket.Dispose();
            throw new NetlinkException($"cannot set a netlink receive timeout: {Marshal.GetPInvokeErrorMessage(error)}", error);
        }

        return socket;
    }

    /// <summary>
    /// Sends a dump request (built by <see cref="NetlinkRequest"/>, which holds its sequence number)
    /// and hands every reply message of <paramref name="replyType"/> to <paramref name="handler"/>.
    /// </summary>
    public void Dump(byte[] request, ushort replyType, NetlinkPayloadHandler handler)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        var sequence = MemoryMarshal.Read<uint>(request.AsSpan(8));
        Span<byte> kernel = stackalloc byte[KernelAddressLength];
        kernel.Clear();
        MemoryMarshal.Write(kernel, (ushort)NetlinkConstants.AfNetlink);
        if (SendTo(_fd, request, request.Length, 0, kernel, kernel.Length) != request.Length)
        {
            throw Failure("send");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferLength);
        try
        {
            while (!NetlinkDumpReply.Consume(buffer.AsSpan(0, Receive(buffer)), sequence, replyType, handler))
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = Close(fd);
        }
    }

    private static (int Fd, int Errno) Create(int protocol)
    {
        var fd = Socket(NetlinkConstants.AfNetlink, SockRaw | SockCloexec, protocol);
        return fd < 0 ? (-1, Marshal.GetLastPInvokeError()) : (fd, 0);
    }

    /// <summary>One datagram; MSG_TRUNC makes the kernel report its full length, so a cut-off one is noticed.</summary>
    private int Receive(byte[] buffer)
    {
        while (true)
        {
            var received = ReceiveFrom(_fd, buffer, buffer.Length, MsgTrunc);
            if (received > buffer.Length)
            {
                throw new NetlinkException($"a netlink datagram of {received} bytes does not fit {buffer.Length}");
            }

            if (received >= 0)
            {
                return (int)received;
            }

            if (Marshal.GetLastPInvokeError() != Eintr)
            {
                throw Failure("receive");
            }
        }
    }

    private static NetlinkException Failure(string step)
    {
        var errno = Marshal.GetLastPInvokeError();
        return errno == Eagain
            ? new NetlinkException($"netlink {step} timed out", errno)
            : new NetlinkException($"netlink {step} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    /// <summary>struct timeval: the C type long is pointer-sized on Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct TimeValue(nint Seconds, nint Microseconds);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetReceiveTimeout(int fd, int level, int name, ref TimeValue value, int length);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    private static partial nint SendTo(int fd, ReadOnlySpan<byte> buffer, nint length, int flags, ReadOnlySpan<byte> address, int addressLength);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint ReceiveFrom(int fd, Span<byte> buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
