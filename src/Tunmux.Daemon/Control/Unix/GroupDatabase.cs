using System.Runtime.InteropServices;

namespace Tunmux.Daemon.Control.Unix;

/// <summary>Group name ↔ gid through libc (NSS), falling back to /etc/group when libc cannot answer.</summary>
public static class GroupDatabase
{
    private const string EtcGroupPath = "/etc/group";

    /// <summary>The gid of <paramref name="name"/>, or null when no such group exists.</summary>
    public static uint? FindGid(string name)
    {
        try
        {
            return FindGidThroughLibC(name);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            return File.Exists(EtcGroupPath) ? EtcGroupFile.FindGid(File.ReadAllText(EtcGroupPath), name) : null;
        }
    }

    /// <summary>The name of group <paramref name="gid"/>, or null when it has none.</summary>
    public static string? FindName(uint gid)
    {
        try
        {
            return FindNameThroughLibC(gid);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            return File.Exists(EtcGroupPath) ? EtcGroupFile.FindName(File.ReadAllText(EtcGroupPath), gid) : null;
        }
    }

    private static unsafe uint? FindGidThroughLibC(string name)
    {
        foreach (var size in LibC.LookupBufferSizes)
        {
            var buffer = new byte[size];
            fixed (byte* pointer = buffer)
            {
                var error = LibC.GetGroupByName(name, out var entry, pointer, (nuint)size, out var result);
                if (error == LibC.Erange)
                {
                    continue;
                }

                if (error != 0)
                {
                    throw new InvalidOperationException($"getgrnam_r failed with errno {error}");
                }

                return result == IntPtr.Zero ? null : entry.Gid;
            }
        }

        throw new InvalidOperationException("getgrnam_r needs more than 1 MiB");
    }

    private static unsafe string? FindNameThroughLibC(uint gid)
    {
        foreach (var size in LibC.LookupBufferSizes)
        {
            var buffer = new byte[size];
            fixed (byte* pointer = buffer)
            {
                var error = LibC.GetGroupById(gid, out var entry, pointer, (nuint)size, out var result);
                if (error == LibC.Erange)
                {
                    continue;
                }

                if (error != 0)
                {
                    throw new InvalidOperationException($"getgrgid_r failed with errno {error}");
                }

                return result == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(entry.Name);
            }
        }

        throw new InvalidOperationException("getgrgid_r needs more than 1 MiB");
    }
}
