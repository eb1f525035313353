using System.Runtime.InteropServices;

namespace Tunmux.Proxy.Relay;

/// <summary>A non-blocking kernel pipe, the middle of socket -> pipe -> socket splicing.</summary>
internal sealed unsafe class SplicePipe : IDisposable
{
    private int _read = -1;
    private int _write = -1;

    private SplicePipe(int read, int write)
    {
        _read = read;
        _write = write;
    }

    public int ReadFd => _read;

    public int WriteFd => _write;

    public static SplicePipe Create()
    {
        var fds = stackalloc int[2];
        if (LibC.pipe2(fds, LibC.O_NONBLOCK | LibC.O_CLOEXEC) != 0)
        {
            throw new IOException($"pipe2 failed (errno {Marshal.GetLastPInvokeError()})");
        }

        return new SplicePipe(fds[0], fds[1]);
    }

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
