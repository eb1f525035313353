using Tunmux.Linux.Netlink;
using static Tunmux.Linux.Tests.Netlink.NetlinkBytes;

namespace Tunmux.Linux.Tests.Netlink;

public sealed class NetlinkMessagesTests
{
    private static List<(ushort Type, ushort Flags, uint Sequence, byte[] Payload)> Read(byte[] datagram)
    {
        var messages = new List<(ushort, ushort, uint, byte[])>();
        foreach (var message in new NetlinkMessages(datagram))
        {
            messages.Add((message.Type, message.Flags, message.Sequence, message.Payload.ToArray()));
        }

        return messages;
    }

    [Fact]
    public void Messages_are_read_in_order_and_a_payload_excludes_the_alignment_padding()
    {
        var datagram = Concat(Message(NewLink, 7, [1, 2, 3, 4, 5]), Message(Done, 7, U32(0)));

        var messages = Read(datagram);

        messages.Select(m => (m.Type, m.Flags, m.Sequence)).Should().Equal((NewLink, Multi, 7u), (Done, Multi, 7u));
        messages[0].Payload.Should().Equal(1, 2, 3, 4, 5);
        messages[1].Payload.Should().Equal(U32(0));
    }

    [Fact]
    public void An_empty_datagram_holds_no_message()
    {
        Read([]).Should().BeEmpty();
    }

    [Fact]
    public void A_length_beyond_the_datagram_is_refused_instead_of_read_past_the_buffer()
    {
        var datagram = Message(NewLink, 1, new byte[8]);
        datagram[0] = 200;

        var read = () => Read(datagram);

        read.Should().Throw<NetlinkException>().WithMessage("*length 200*");
    }

    [Fact]
    public void A_length_shorter_than_the_header_is_refused()
    {
        var datagram = Message(NewLink, 1, new byte[8]);
        datagram[0] = 8;

        var read = () => Read(datagram);

        read.Should().Throw<NetlinkException>();
    }

    [Fact]
    public void Bytes_too_few_for_a_header_after_the_last_message_are_refused()
    {
        var read = () => Read(Concat(Message(Done, 1, U32(0)), [1, 2, 3, 4]));

        read.Should().Throw<NetlinkException>().WithMessage("*4 stray bytes*");
    }
}
