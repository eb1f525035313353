using System.Runtime.InteropServices;

namespace Tunmux.Daemon.Control.Unix;

/// <summary>
/// The few libc calls the control socket needs and .NET does not offer (chown, statx, the
/// group and user databases). The reentrant *_r lookups go through NSS, so groups from LDAP
/// or sssd resolve like they do for `id`.
/// </summary>
internal static partial class LibC
{
    public const int Erange = 34;
    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const uint StatxBasicStats = 0x7ff;
    public const int FSetFd = 2;
    public const int FdCloexec = 1;
    public const int FOk = 0;
    public const int Enoent = 2;
    public const int Enotdir = 20;

    /// <summary>glibc's struct group; only the gid is read, the pointers point into the caller's buffer.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct GroupEntry
    {
        public IntPtr Name;
        public IntPtr Password;
        public uint Gid;
        public IntPtr Members;
    }

    /// <summary>glibc's struct passwd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PasswdEntry
    {
        public IntPtr Name;
        public IntPtr Password;
        public uint Uid;
        public uint Gid;
        public IntPtr Gecos;
        public IntPtr Home;
        public IntPtr Shell;
    }

    [LibraryImport("libc", EntryPoint = "getgrnam_r", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int GetGroupByName(string name, out GroupEntry group, byte* buffer, nuint bufferLength, out IntPtr result);

    [LibraryImport("libc", EntryPoint = "getgrgid_r")]
    public static unsafe partial int GetGroupById(uint gid, out GroupEntry group, byte* buffer, nuint bufferLength, out IntPtr result);

    [LibraryImport("libc", EntryPoint = "getpwuid_r")]
    public static unsafe partial int GetUserById(uint uid, out PasswdEntry user, byte* buffer, nuint bufferLength, out IntPtr result);

    [LibraryImport("libc", EntryPoint = "getgrouplist", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int GetGroupList(string user, uint group, uint* groups, ref int groupCount);

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ChangeOwner(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* statxBuffer);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Access(string path, int mode);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int FileControl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "getegid")]
    public static partial uint GetEffectiveGroupId();

    /// <summary>Buffer sizes tried, in order, while a reentrant NSS lookup answers ERANGE.</summary>
    public static readonly int[] LookupBufferSizes = [1024, 16 * 1024, 256 * 1024, 1024 * 1024];
}
