using System.Runtime.InteropServices;
using System.Text;

namespace Tunmux.Linux.Watching;

/// <summary>One inotify event: its mask and the name it is about (empty for the watched folder itself).</summary>
internal readonly record struct InotifyRecord(uint Mask, string Name)
{
    public const uint Deleted = 0x200; // IN_DELETE
    public const uint MovedFrom = 0x40; // IN_MOVED_FROM
    public const uint QueueOverflow = 0x4000; // IN_Q_OVERFLOW
    public const uint FolderGone = 0x400 | 0x8000; // IN_DELETE_SELF | IN_IGNORED

    public bool Removes => (Mask & (Deleted | MovedFrom)) != 0;
}

/// <summary>
/// Parses what read(2) returns from an inotify descriptor: records of struct inotify_event
/// (s32 wd, u32 mask, u32 cookie, u32 len) each followed by <c>len</c> bytes of NUL-padded name.
/// A record that does not fit the buffer ends the parse (the kernel never splits one).
/// </summary>
internal static class InotifyRecords
{
    private const int HeaderLength = 16;

    public static List<InotifyRecord> Parse(ReadOnlySpan<byte> buffer)
    {
        var records = new List<InotifyRecord>();
        while (buffer.Length >= HeaderLength)
        {
            var mask = MemoryMarshal.Read<uint>(buffer[4..]);
            var nameLength = MemoryMarshal.Read<uint>(buffer[12..]);
            if (nameLength > (uint)(buffer.Length - HeaderLength))
            {
                break;
            }

            var name = buffer.Slice(HeaderLength, (int)nameLength);
            var end = name.IndexOf((byte)0);
            records.Add(new InotifyRecord(mask, Encoding.UTF8.GetString(end < 0 ? name : name[..end])));
            buffer = buffer[(HeaderLength + (int)nameLength)..];
        }

        return records;
    }
}
