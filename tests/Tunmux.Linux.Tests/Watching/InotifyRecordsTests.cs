using System.Buffers.Binary;
using System.Text;
using Tunmux.Linux.Watching;

namespace Tunmux.Linux.Tests.Watching;

public sealed class InotifyRecordsTests
{
    /// <summary>struct inotify_event { s32 wd; u32 mask; u32 cookie; u32 len; char name[len]; }, the name NUL-padded to <paramref name="nameLength"/>.</summary>
    private static byte[] Event(uint mask, string name, int nameLength)
    {
        var bytes = new byte[16 + nameLength];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), mask);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)nameLength);
        Encoding.UTF8.GetBytes(name).CopyTo(bytes, 16);
        return bytes;
    }

    [Fact]
    public void Records_are_read_in_order_with_their_padded_names_trimmed()
    {
        var buffer = Event(0x200, "tunmux_alpha", 16).Concat(Event(0x40, "tunmux_beta", 32)).Concat(Event(0x4000, "", 0)).ToArray();

        var records = InotifyRecords.Parse(buffer);

        records.Should().Equal(new InotifyRecord(0x200, "tunmux_alpha"), new InotifyRecord(0x40, "tunmux_beta"), new InotifyRecord(0x4000, ""));
        records.Select(r => r.Removes).Should().Equal(true, true, false);
    }

    [Fact]
    public void A_record_cut_short_ends_the_parse()
    {
        var buffer = Event(0x200, "tunmux_alpha", 16).Concat(Event(0x200, "tunmux_beta", 16).Take(20)).ToArray();

        InotifyRecords.Parse(buffer).Should().Equal(new InotifyRecord(0x200, "tunmux_alpha"));
    }
}
