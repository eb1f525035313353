using System.Runtime.InteropServices;

namespace Tunmux.Proxy.Relay;

/// <summary>A non-blocking kernel pipe, the middle of socket -> pipe -> socket splicing.</summary>
internal sealed unsafe class SplicePipe : IDisposable
{
    private int _read = -1;
    private int _write = -1;

    private SplicePipe(int read, int write, int capacity)
    {
        _read = read;
        _write = write;
        Capacity = capacity;
    }

    public int ReadFd => _read;

    public int WriteFd => _write;

    /// <summary>Bytes the pipe holds at most: what one splice into it can move.</summary>
    public int Capacity { get; }

    /// <summary>
    /// A pipe of <paramref name="wantedBytes"/> when the kernel allows it, else of whatever size it
    /// gives (64 KiB by default). A pipe's pages exist only while it holds data.
    /// </summary>
    public static SplicePipe Create(int wantedBytes = DefaultBytes)
    {
        var fds = stackalloc int[2];
        if (LibC.pipe2(fds, LibC.O_NONBLOCK | LibC.O_CLOEXEC) != 0)
        {
            throw new IOException($"pipe2 failed (errno {Marshal.GetLastPInvokeError()})");
        }

        var capacity = wantedBytes > DefaultBytes ? LibC.fcntl(fds[1], LibC.F_SETPIPE_SZ, wantedBytes) : -1;
        if (capacity <= 0)
        {
            // Refused (above /proc/sys/fs/pipe-max-size, or the user's pipe pages are used up): whatever it has.
            capacity = LibC.fcntl(fds[1], LibC.F_GETPIPE_SZ, 0);
        }

        return new SplicePipe(fds[0], fds[1], capacity > 0 ? capacity : DefaultBytes);
    }

    private const int DefaultBytes = 64 * 1024;

    public void Dispose()
    {
        if (_read >= 0)
        {
            LibC.close(_read);
            _read = -1;
        }

        if (_write >= 0)
        {
            LibC.close(_write);
            _write = -1;
        }
    }
}
