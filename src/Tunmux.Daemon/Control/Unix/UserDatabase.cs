using System.Runtime.InteropServices;

namespace Tunmux.Daemon.Control.Unix;

/// <summary>uid → user name through libc (NSS); needed only for the getgrouplist fallback.</summary>
public static class UserDatabase
{
    /// <summary>The login name of <paramref name="uid"/>, or null when the uid has no passwd entry.</summary>
    public static unsafe string? FindName(uint uid)
    {
        foreach (var size in LibC.LookupBufferSizes)
        {
            var buffer = new byte[size];
            fixed (byte* pointer = buffer)
            {
                var error = LibC.GetUserById(uid, out var entry, pointer, (nuint)size, out var result);
                if (error == LibC.Erange)
                {
                    continue;
                }

                return error == 0 && result != IntPtr.Zero ? Marshal.PtrToStringUTF8(entry.Name) : null;
            }
        }

        return null;
    }
}
