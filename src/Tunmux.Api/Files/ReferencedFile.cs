using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Tunmux.Api.Files;

/// <summary>
/// Reads a file that an input names (privateKeyFile, presharedKeyFile, configFile,
/// credentialsFile, TOTP secrets, manifests, ...) so that no input can hang, bloat or fool the reader:
/// <list type="bullet">
/// <item>only a regular file: a FIFO, socket, character or block device is refused before it is
/// opened (opening some devices has effects) and again on the open descriptor (the path may have
/// changed in between); the open itself is O_NONBLOCK, so even a FIFO swapped in cannot block;</item>
/// <item>nothing on /proc, /sys or the other kernel pseudo file systems (their files claim size 0
/// and produce anything);</item>
/// <item>at most <see cref="MaxBytes"/> (or the caller's smaller cap), checked on the size and while reading;</item>
/// <item>errors never quote the content, and for a caller that is not root "missing" and "not
/// readable" read the same, so a file's existence is not revealed through an error.</item>
/// </list>
/// Every failure is a <see cref="ReferencedFileException"/> (an IOException) whose message is safe to show.
/// </summary>
public static class ReferencedFile
{
    /// <summary>1 MiB: a key is 45 bytes, a wg-quick config a few hundred, a manifest a few KiB.</summary>
    public const int MaxBytes = 1024 * 1024;

    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Kernel pseudo file systems (statfs f_type) whose files are not data a user wrote.</summary>
    private static readonly Dictionary<long, string> PseudoFileSystems = new()
    {
        [0x9fa0] = "/proc",
        [0x62656572] = "/sys",
        [0x64626720] = "debugfs",
        [0x74726163] = "tracefs",
        [0x73636673] = "securityfs",
        [0x27e0eb] = "cgroup",
        [0x63677270] = "cgroup2",
        [0x62656570] = "configfs",
        [0xde5e81e4] = "efivarfs",
        [0xcafe4a11] = "bpffs",
    };

    /// <summary>The file's text (UTF-8, a leading byte order mark dropped).</summary>
    public static string ReadAllText(string path, int maxBytes = MaxBytes)
    {
        var bytes = ReadAllBytes(path, maxBytes);
        var text = Utf8.GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    /// <summary>The file's bytes, or a <see cref="ReferencedFileException"/>.</summary>
    public static byte[] ReadAllBytes(string path, int maxBytes = MaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        CheckPathText(path);
        CheckType(StatPath(path));
        using var handle = OpenNonBlocking(path);
        var status = StatDescriptor(handle);
        CheckType(status);
        CheckFileSystem(handle);
        if (status.Size > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        return ReadCapped(handle, maxBytes);
    }

    /// <summary>Like <see cref="ReadAllText"/>, as a result: the problem instead of an exception.</summary>
    public static bool TryReadAllText(string path, out string text, out string problem, int maxBytes = MaxBytes)
    {
        try
        {
            text = ReadAllText(path, maxBytes);
            problem = "";
            return true;
        }
        catch (ReferencedFileException e)
        {
            text = "";
            problem = e.Message;
            return false;
        }
    }

    /// <summary>The cap in words for messages and documentation ("1 MiB", "64 KiB", "100 bytes").</summary>
    public static string Describe(int bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB"
        : bytes % 1024 == 0 ? $"{bytes / 1024} KiB"
        : $"{bytes} bytes";

    private static void CheckPathText(string path)
    {
        if (path.Length == 0)
        {
            throw new ReferencedFileException("the path is empty");
        }

        if (path.Contains('\0'))
        {
            throw new ReferencedFileException("the path holds a NUL character");
        }
    }

    private readonly record struct Status(int Mode, long Size);

    private static unsafe Status StatPath(string path)
    {
        var buffer = stackalloc byte[FileSystemCalls.StatxBufferSize];
        var mask = FileSystemCalls.StatxType | FileSystemCalls.StatxMode | FileSystemCalls.StatxSize;
        return FileSystemCalls.Statx(FileSystemCalls.AtFdCwd, path, 0, mask, buffer) == 0
            ? ReadStatus(buffer)
            : throw FromErrno(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
    }

    private static unsafe Status StatDescriptor(SafeFileHandle handle)
    {
        var buffer = stackalloc byte[FileSystemCalls.StatxBufferSize];
        var mask = FileSystemCalls.StatxType | FileSystemCalls.StatxMode | FileSystemCalls.StatxSize;
        var fd = (int)handle.DangerousGetHandle();
        return FileSystemCalls.Statx(fd, "", FileSystemCalls.AtEmptyPath, mask, buffer) == 0
            ? ReadStatus(buffer)
            : throw FromErrno(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
    }

    private static unsafe Status ReadStatus(byte* buffer) =>
        new(*(ushort*)(buffer + FileSystemCalls.StatxModeOffset), *(long*)(buffer + FileSystemCalls.StatxSizeOffset));

    private static void CheckType(Status status)
    {
        var kind = (status.Mode & FileTypeMask) switch
        {
            RegularFile => null,
            0x4000 => "a folder",
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => "not a plain file",
        };
        if (kind is not null)
        {
            throw new ReferencedFileException($"is {kind}, not a regular file");
        }
    }

    private static unsafe void CheckFileSystem(SafeFileHandle handle)
    {
        var buffer = stackalloc byte[FileSystemCalls.StatfsBufferSize];
        if (FileSystemCalls.FileSystemStatus((int)handle.DangerousGetHandle(), buffer) != 0)
        {
            throw FromErrno(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        // f_type is a long; the magic numbers fit in 32 bits, some with the top bit set.
        var type = (long)(uint)*(nint*)buffer;
        if (PseudoFileSystems.TryGetValue(type, out var name))
        {
            throw new ReferencedFileException($"lies on {name}, not on a file system that holds files");
        }
    }

    private static SafeFileHandle OpenNonBlocking(string path)
    {
        const int flags = FileSystemCalls.OpenReadOnly | FileSystemCalls.OpenNonBlocking
            | FileSystemCalls.OpenCloseOnExec | FileSystemCalls.OpenNoControllingTerminal;
        while (true)
        {
            var fd = FileSystemCalls.Open(path, flags);
            if (fd >= 0)
            {
                return new SafeFileHandle(fd, ownsHandle: true);
            }

            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != FileSystemCalls.Interrupted)
            {
                throw FromErrno(errno);
            }
        }
    }

    /// <summary>Reads to the end, but never more than the cap (a file may grow after fstat).</summary>
    private static byte[] ReadCapped(SafeFileHandle handle, int maxBytes)
    {
        var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        using var content = new MemoryStream();
        long offset = 0;
        while (true)
        {
            int read;
            try
            {
                read = RandomAccess.Read(handle, buffer, offset);
            }
            catch (IOException)
            {
                throw new ReferencedFileException("cannot be read (input/output error)");
            }

            if (read == 0)
            {
                return content.ToArray();
            }

            offset += read;
            if (offset > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            content.Write(buffer, 0, read);
        }
    }

    private static ReferencedFileException TooLarge(int maxBytes) =>
        new($"is larger than {Describe(maxBytes)}, the limit for a file an input names");

    private static ReferencedFileException FromErrno(int errno) =>
        new(ErrorText(errno, callerIsRoot: FileSystemCalls.GetEffectiveUserId() == 0));

    /// <summary>
    /// Only root may learn whether a file is missing or unreadable: for anyone else the two
    /// answers would reveal that a file it may not read exists.
    /// </summary>
    internal static string ErrorText(int errno, bool callerIsRoot) => errno switch
    {
        FileSystemCalls.NoSuchFile or FileSystemCalls.NotADirectory when callerIsRoot => "does not exist",
        FileSystemCalls.PermissionDenied or FileSystemCalls.NotPermitted when callerIsRoot => "permission denied",
        FileSystemCalls.NoSuchFile or FileSystemCalls.NotADirectory or FileSystemCalls.PermissionDenied
            or FileSystemCalls.NotPermitted or FileSystemCalls.TooManyLinks => "does not exist or is not readable",
        FileSystemCalls.NameTooLong => "the path is too long",
        _ => $"cannot be read (error {errno})",
    };
}
