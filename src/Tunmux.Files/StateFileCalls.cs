using System.Runtime.InteropServices;

namespace Tunmux.Files;

/// <summary>
/// The libc calls a careful state file needs and .NET does not offer: open with O_EXCL and
/// O_NOFOLLOW, fsync of a descriptor (a folder's too) and statx on a descriptor.
/// </summary>
internal static partial class StateFileCalls
{
    public const int ReadOnly = 0;
    public const int WriteOnly = 1;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int NonBlocking = 0x800;
    public const int CloseOnExec = 0x80000;

    /// <summary>O_NOFOLLOW differs between architectures: 0400000 on x86, 0100000 on arm and arm64.</summary>
    public static int NoFollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 ? 0x8000 : 0x20000;

    public const int NoSuchFile = 2;
    public const int Interrupted = 4;
    public const int Exists = 17;
    public const int NotADirectory = 20;
    public const int TooManyLinks = 40;

    public const int AtEmptyPath = 0x1000;
    public const uint StatxTypeModeSize = 0x1 | 0x2 | 0x200;
    public const int StatxBufferSize = 256;
    public const int StatxModeOffset = 28;
    public const int StatxSizeOffset = 40;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int Fchmod(int fd, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);
}
