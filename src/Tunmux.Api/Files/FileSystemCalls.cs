using System.Runtime.InteropServices;

namespace Tunmux.Api.Files;

/// <summary>
/// The libc calls a careful file read needs and .NET does not offer: open with O_NONBLOCK (so a
/// FIFO cannot block the caller), statx (file type and size, with a layout that is the same on
/// every architecture) and fstatfs (to tell /proc and /sys from ordinary file systems).
/// </summary>
internal static partial class FileSystemCalls
{
    // The generic Linux values, the same on x86_64 and aarch64.
    public const int OpenReadOnly = 0;
    public const int OpenNoControllingTerminal = 0x100;
    public const int OpenNonBlocking = 0x800;
    public const int OpenCloseOnExec = 0x80000;

    public const int AtFdCwd = -100;
    public const int AtEmptyPath = 0x1000;
    public const uint StatxType = 0x1;
    public const uint StatxMode = 0x2;
    public const uint StatxSize = 0x200;

    /// <summary>struct statx is 256 bytes; stx_mode (u16) sits at byte 28, stx_size (u64) at byte 40.</summary>
    public const int StatxBufferSize = 256;
    public const int StatxModeOffset = 28;
    public const int StatxSizeOffset = 40;

    /// <summary>Larger than struct statfs on any 64-bit architecture; f_type is its first field (a long).</summary>
    public const int StatfsBufferSize = 512;

    public const int NoSuchFile = 2;
    public const int Interrupted = 4;
    public const int PermissionDenied = 13;
    public const int NotPermitted = 1;
    public const int NotADirectory = 20;
    public const int TooManyLinks = 40;
    public const int NameTooLong = 36;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fstatfs", SetLastError = true)]
    public static unsafe partial int FileSystemStatus(int fd, byte* buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();
}
