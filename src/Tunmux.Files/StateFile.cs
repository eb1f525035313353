using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Tunmux.Files;

/// <summary>How much a write must survive.</summary>
public enum StateFileDurability
{
    /// <summary>fsync of the file before the rename and of its folder after: survives a power cut.</summary>
    Durable,

    /// <summary>No fsync: for files in the run dir (tmpfs) that are rewritten every second anyway.</summary>
    Volatile,
}

/// <summary>
/// Every file tunmux keeps (records, status, declared state, secrets, ready and stats files) is
/// written and read through here, so a reader sees the old content or the new and nothing a
/// third party planted:
/// <list type="bullet">
/// <item>writing creates a temporary file of a unique name beside the target with
/// O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600 from its first byte (a planted file or link at that name
/// fails the open instead of being written through), fills it, fsyncs it, renames it over the
/// target and fsyncs the folder;</item>
/// <item>reading opens with O_NOFOLLOW|O_NONBLOCK, accepts a regular file only and at most a size
/// cap, checked on the size and while reading.</item>
/// </list>
/// </summary>
public static class StateFile
{
    /// <summary>4 MiB: a record is under 1 KiB, a declared state of 50 exits about 100 KiB.</summary>
    public const int MaxReadBytes = 4 * 1024 * 1024;

    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode WorldReadable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int Attempts = 16;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteText(string path, string content, UnixFileMode mode = OwnerOnly, StateFileDurability durability = StateFileDurability.Durable) =>
        Write(path, Utf8.GetBytes(content), mode, durability);

    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/>, creating its folder when needed.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode = OwnerOnly, StateFileDurability durability = StateFileDurability.Durable)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var (temporary, handle) = CreateTemporary(folder, Path.GetFileName(path));
        try
        {
            using (handle)
            {
                RandomAccess.Write(handle, content, 0);

                // Created 0600 whatever the umask; a wider wanted mode (a resolv.conf) only once the content is in.
                Check(StateFileCalls.Fchmod(Descriptor(handle), (uint)mode), "set the mode of", temporary);
                if (durability == StateFileDurability.Durable)
                {
                    Check(StateFileCalls.Fsync(Descriptor(handle)), "flush", temporary);
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        if (durability == StateFileDurability.Durable)
        {
            SyncFolder(folder);
        }
    }

    /// <summary>The file's text, or a <see cref="FileNotFoundException"/> when it is missing, or a <see cref="StateFileException"/>.</summary>
    public static string ReadText(string path, int maxBytes = MaxReadBytes) => Utf8.GetString(Read(path, maxBytes));

    /// <summary>The file's text, or null when it does not exist; refusals as in <see cref="ReadText"/>.</summary>
    public static string? TryReadText(string path, int maxBytes = MaxReadBytes)
    {
        try
        {
            return ReadText(path, maxBytes);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public static byte[] Read(string path, int maxBytes = MaxReadBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (path.Contains('\0'))
        {
            throw new StateFileException($"{Printable(path)}: the path holds a NUL character");
        }

        using var handle = OpenForReading(path);
        var (type, size) = Status(handle, path);
        if (type != RegularFile)
        {
            throw new StateFileException($"{path} is not a regular file; refused");
        }

        if (size > maxBytes)
        {
            throw new StateFileException($"{path} is larger than {maxBytes} bytes, the limit for a state file; refused");
        }

        var buffer = new byte[Math.Min(maxBytes + 1L, Math.Max(size + 1, 4096))];
        using var content = new MemoryStream();
        long offset = 0;
        int read;
        while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
        {
            offset += read;
            if (offset > maxBytes)
            {
                throw new StateFileException($"{path} is larger than {maxBytes} bytes, the limit for a state file; refused");
            }

            content.Write(buffer, 0, read);
        }

        return content.ToArray();
    }

    private static (string Path, SafeFileHandle Handle) CreateTemporary(string folder, string name)
    {
        var flags = StateFileCalls.WriteOnly | StateFileCalls.Create | StateFileCalls.Exclusive | StateFileCalls.NoFollow | StateFileCalls.CloseOnExec;
        for (var attempt = 0; ; attempt++)
        {
            // Unique per writer: several threads and processes may write the same target at once.
            var temporary = Path.Combine(folder, $".{name}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
            var fd = StateFileCalls.Open(temporary, flags, (uint)OwnerOnly);
            if (fd >= 0)
            {
                return (temporary, new SafeFileHandle(fd, ownsHandle: true));
            }

            var errno = Marshal.GetLastPInvokeError();
            if ((errno != StateFileCalls.Exists && errno != StateFileCalls.Interrupted) || attempt >= Attempts)
            {
                throw new StateFileException($"cannot create a temporary file in {folder} (error {errno})");
            }
        }
    }

    private static SafeFileHandle OpenForReading(string path)
    {
        var flags = StateFileCalls.ReadOnly | StateFileCalls.NoFollow | StateFileCalls.NonBlocking | StateFileCalls.CloseOnExec;
        while (true)
        {
            var fd = StateFileCalls.Open(path, flags, 0);
            if (fd >= 0)
            {
                return new SafeFileHandle(fd, ownsHandle: true);
            }

            var errno = Marshal.GetLastPInvokeError();
            switch (errno)
            {
                case StateFileCalls.Interrupted:
                    continue;
                case StateFileCalls.NoSuchFile or StateFileCalls.NotADirectory:
                    throw new FileNotFoundException($"{path} does not exist", path);
                case StateFileCalls.TooManyLinks:
                    throw new StateFileException($"{path} is a symbolic link; tunmux reads only files it wrote itself");
                default:
                    throw new StateFileException($"{path} cannot be read (error {errno})");
            }
        }
    }

    private static unsafe (int Type, long Size) Status(SafeFileHandle handle, string path)
    {
        var buffer = stackalloc byte[StateFileCalls.StatxBufferSize];
        if (StateFileCalls.Statx(Descriptor(handle), "", StateFileCalls.AtEmptyPath, StateFileCalls.StatxTypeModeSize, buffer) != 0)
        {
            throw new StateFileException($"{path} cannot be examined (error {Marshal.GetLastPInvokeError()})");
        }

        var mode = *(ushort*)(buffer + StateFileCalls.StatxModeOffset);
        return (mode & FileTypeMask, *(long*)(buffer + StateFileCalls.StatxSizeOffset));
    }

    /// <summary>Makes the rename durable: the new directory entry is on disk once this returns.</summary>
    private static void SyncFolder(string folder)
    {
        var fd = StateFileCalls.Open(folder, StateFileCalls.ReadOnly | StateFileCalls.CloseOnExec, 0);
        if (fd < 0)
        {
            throw new StateFileException($"cannot open {folder} to flush it (error {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            Check(StateFileCalls.Fsync(fd), "flush", folder);
        }
        finally
        {
            StateFileCalls.Close(fd);
        }
    }

    private static int Descriptor(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    private static void Check(int result, string what, string path)
    {
        if (result != 0)
        {
            throw new StateFileException($"cannot {what} {path} (error {Marshal.GetLastPInvokeError()})");
        }
    }

    private static string Printable(string path) => path.Replace('\0', '?');
}
