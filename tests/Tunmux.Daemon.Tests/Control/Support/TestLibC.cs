using System.Runtime.InteropServices;

namespace Tunmux.Daemon.Tests.Control.Support;

internal static partial class TestLibC
{
    /// <summary>dup(2): a second descriptor for a socket, as if inherited, that the server may own and close.</summary>
    public static int Duplicate(int fd)
    {
        var copy = Dup(fd);
        return copy >= 0 ? copy : throw new InvalidOperationException($"dup failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);
}
