using Tunmux.Linux.Netlink;
using static Tunmux.Linux.Tests.Netlink.NetlinkBytes;

namespace Tunmux.Linux.Tests.Netlink;

public sealed class NetlinkDumpReplyTests
{
    private const uint Sequence = 31;
    private readonly List<byte[]> _payloads = [];

    private bool Consume(byte[] datagram) =>
        NetlinkDumpReply.Consume(datagram, Sequence, NewLink, payload => _payloads.Add(payload.ToArray()));

    [Fact]
    public void Replies_of_the_asked_type_are_handed_over_until_NLMSG_DONE_ends_the_dump()
    {
        Consume(Concat(Message(NewLink, Sequence, [1]), Message(NewLink, Sequence, [2]))).Should().BeFalse("no DONE yet: more datagrams follow");
        Consume(Concat(Message(NewLink, Sequence, [3]), Message(Done, Sequence, U32(0)))).Should().BeTrue();

        _payloads.Select(p => p[0]).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Messages_of_another_request_or_another_type_are_skipped()
    {
        var done = Consume(Concat(
            Message(NewLink, Sequence + 1, [9]),
            Message(NewRoute, Sequence, [8]),
            Message(1 /* NLMSG_NOOP */, Sequence, []),
            Message(NewLink, Sequence, [1]),
            Message(Done, Sequence + 1, U32(0))));

        done.Should().BeFalse("the DONE belongs to another request");
        _payloads.Select(p => p[0]).Should().Equal(1);
    }

    [Fact]
    public void An_error_message_throws_with_the_kernels_errno()
    {
        var consume = () => Consume(Message(Error, Sequence, ErrorPayload(-93)));

        consume.Should().Throw<NetlinkException>().Which.Errno.Should().Be(93); // EPROTONOSUPPORT
    }

    [Fact]
    public void A_DONE_that_carries_an_error_throws()
    {
        var consume = () => Consume(Message(Done, Sequence, U32(unchecked((uint)-16))));

        consume.Should().Throw<NetlinkException>().Which.Errno.Should().Be(16); // EBUSY
    }

    [Fact]
    public void An_overrun_throws()
    {
        var consume = () => Consume(Message(Overrun, Sequence, []));

        consume.Should().Throw<NetlinkException>().WithMessage("*overran*");
    }

    [Fact]
    public void A_dump_the_kernel_marks_interrupted_throws_so_that_it_is_read_again()
    {
        const ushort dumpInterrupted = 0x10; // NLM_F_DUMP_INTR
        Consume(Message(NewLink, Sequence, [1])).Should().BeFalse();
        var consume = () => Consume(Concat(Message(NewLink, Sequence, [2], Multi | dumpInterrupted), Message(Done, Sequence, U32(0), Multi | dumpInterrupted)));

        consume.Should().Throw<NetlinkDumpInterruptedException>();
    }
}
