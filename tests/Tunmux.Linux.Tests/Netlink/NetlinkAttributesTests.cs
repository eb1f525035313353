using Tunmux.Linux.Netlink;
using static Tunmux.Linux.Tests.Netlink.NetlinkBytes;

namespace Tunmux.Linux.Tests.Netlink;

public sealed class NetlinkAttributesTests
{
    private static List<(ushort Type, byte[] Value)> Read(byte[] attributes)
    {
        var read = new List<(ushort, byte[])>();
        foreach (var attribute in new NetlinkAttributes(attributes))
        {
            read.Add((attribute.Type, attribute.Value.ToArray()));
        }

        return read;
    }

    [Fact]
    public void Attributes_are_read_with_their_values_unpadded()
    {
        var read = Read(Concat(Attribute(3, NulTerminated("wg0")), Attribute(4, U32(1420)), Attribute(16, [6])));

        read.Select(a => a.Type).Should().Equal(3, 4, 16);
        read[0].Value.Should().Equal((byte)'w', (byte)'g', (byte)'0', 0);
        read[1].Value.Should().Equal(U32(1420));
        read[2].Value.Should().Equal(6);
    }

    [Fact]
    public void The_nested_and_byte_order_flags_are_not_part_of_the_type()
    {
        var nested = Attribute(0x8000 | 18, U32(5));

        Read(nested).Should().ContainSingle().Which.Type.Should().Be(18);
    }

    [Fact]
    public void An_attribute_longer_than_what_is_left_is_refused()
    {
        var attribute = Attribute(3, NulTerminated("wg0"));
        attribute[0] = 40;

        var read = () => Read(attribute);

        read.Should().Throw<NetlinkException>().WithMessage("*attribute length 40*");
    }

    [Fact]
    public void A_string_attribute_ends_at_its_terminating_zero()
    {
        var values = new List<string>();
        foreach (var attribute in new NetlinkAttributes(Attribute(3, NulTerminated("wg-alpha"))))
        {
            values.Add(attribute.AsString());
        }

        values.Should().Equal("wg-alpha");
    }
}
