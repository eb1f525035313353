using System.Runtime.InteropServices;

namespace Tunmux.Daemon.Control.Unix;

/// <summary>
/// What statx(2) says about a path, without following a final symlink. .NET has no API for the
/// file type (is it a socket?), the owner or the inode, and struct statx has one layout on every
/// architecture, unlike struct stat.
/// </summary>
public sealed record FileStatus(uint Mode, uint Uid, uint Gid, ulong Inode, uint DeviceMajor, uint DeviceMinor)
{
    private const uint TypeMask = 0xF000;
    private const uint SocketType = 0xC000;
    private const uint DirectoryType = 0x4000;
    private const uint RegularType = 0x8000;

    public bool IsSocket => (Mode & TypeMask) == SocketType;

    public bool IsDirectory => (Mode & TypeMask) == DirectoryType;

    public bool IsRegularFile => (Mode & TypeMask) == RegularType;

    /// <summary>The permission bits (e.g. 0660).</summary>
    public uint Permissions => Mode & 0xFFF;

    /// <summary>True when both describe the same file (same device and inode).</summary>
    public bool IsSameFileAs(FileStatus other) =>
        Inode == other.Inode && DeviceMajor == other.DeviceMajor && DeviceMinor == other.DeviceMinor;

    /// <summary>The status of <paramref name="path"/>, or null when it does not exist; other errors throw.</summary>
    public static unsafe FileStatus? Of(string path)
    {
        var buffer = stackalloc byte[256];
        if (LibC.Statx(LibC.AtFdCwd, path, LibC.AtSymlinkNoFollow, LibC.StatxBasicStats, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            const int enoent = 2, enotdir = 20;
            if (errno is enoent or enotdir)
            {
                return null;
            }

            throw new IOException($"cannot stat {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        // Offsets of struct statx (linux/stat.h); fields are in native byte order.
        var raw = new ReadOnlySpan<byte>(buffer, 256);
        return new FileStatus(
            Mode: MemoryMarshal.Read<ushort>(raw[28..]),
            Uid: MemoryMarshal.Read<uint>(raw[20..]),
            Gid: MemoryMarshal.Read<uint>(raw[24..]),
            Inode: MemoryMarshal.Read<ulong>(raw[32..]),
            DeviceMajor: MemoryMarshal.Read<uint>(raw[136..]),
            DeviceMinor: MemoryMarshal.Read<uint>(raw[140..]));
    }
}
