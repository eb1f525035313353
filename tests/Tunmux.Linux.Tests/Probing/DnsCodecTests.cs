using System.Net;
using Tunmux.Linux.Probing;

namespace Tunmux.Linux.Tests.Probing;

/// <summary>Issue #4: the probe's DNS question and how it reads answers, on messages written out byte by byte.</summary>
public sealed class DnsCodecTests
{
    private const ushort Id = 0x1234;

    /// <summary>The header and question of an answer to "whoami.lab" type A: id 0x1234, a response with recursion, one question.</summary>
    private static byte[] Head(int answers, int code = 0) =>
    [
        0x12, 0x34, 0x81, (byte)(0x80 | code), 0, 1, 0, (byte)answers, 0, 0, 0, 0,
        6, (byte)'w', (byte)'h', (byte)'o', (byte)'a', (byte)'m', (byte)'i', 3, (byte)'l', (byte)'a', (byte)'b', 0, 0, 1, 0, 1,
    ];

    /// <summary>A record whose name points back at the question (offset 12).</summary>
    private static byte[] Record(ushort type, params byte[] data) =>
        [0xc0, 0x0c, (byte)(type >> 8), (byte)type, 0, 1, 0, 0, 0, 60, 0, (byte)data.Length, .. data];

    [Fact]
    public void A_query_asks_one_recursive_question()
    {
        DnsCodec.Query(Id, "whoami.lab", DnsCodec.TypeA).Should().Equal(
            0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
            6, (byte)'w', (byte)'h', (byte)'o', (byte)'a', (byte)'m', (byte)'i', 3, (byte)'l', (byte)'a', (byte)'b', 0,
            0, 1, 0, 1);
    }

    [Fact]
    public void A_query_for_a_name_with_an_empty_label_is_refused()
    {
        var act = () => DnsCodec.Query(Id, "a..b", DnsCodec.TypeA);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void The_addresses_of_the_asked_type_are_read_past_a_cname()
    {
        // whoami.lab CNAME (pointer to itself, for brevity), then its A record.
        byte[] message = [.. Head(answers: 2), .. Record(5, 0xc0, 0x0c), .. Record(DnsCodec.TypeA, 198, 19, 255, 1)];

        var reply = DnsCodec.Read(message, Id, DnsCodec.TypeA)!;

        reply.ResponseCode.Should().Be(0);
        reply.Addresses.Should().Equal(IPAddress.Parse("198.19.255.1"));
    }

    [Fact]
    public void An_AAAA_answer_is_read_as_IPv6()
    {
        byte[] address = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        byte[] message = [.. Head(answers: 1), .. Record(DnsCodec.TypeAaaa, address)];

        DnsCodec.Read(message, Id, DnsCodec.TypeAaaa)!.Addresses.Should().Equal(IPAddress.Parse("2001:db8::1"));
        DnsCodec.Read(message, Id, DnsCodec.TypeA)!.Addresses.Should().BeEmpty("only the asked type counts");
    }

    [Fact]
    public void No_such_name_is_told_by_its_response_code()
    {
        var reply = DnsCodec.Read(Head(answers: 0, code: DnsCodec.NameError), Id, DnsCodec.TypeA)!;

        reply.ResponseCode.Should().Be(DnsCodec.NameError);
        reply.Addresses.Should().BeEmpty();
    }

    [Fact]
    public void A_message_for_another_query_or_that_is_no_response_is_not_the_answer()
    {
        byte[] message = [.. Head(answers: 1), .. Record(DnsCodec.TypeA, 198, 19, 255, 1)];

        DnsCodec.Read(message, 0x4321, DnsCodec.TypeA).Should().BeNull();
        message[2] = 0x01;
        DnsCodec.Read(message, Id, DnsCodec.TypeA).Should().BeNull();
    }

    [Fact]
    public void A_truncated_answer_is_refused_without_reading_past_it()
    {
        byte[] message = [.. Head(answers: 1), .. Record(DnsCodec.TypeA, 198, 19, 255, 1)];

        for (var length = 0; length < message.Length; length++)
        {
            var cut = message[..length];
            var act = () => DnsCodec.Read(cut, Id, DnsCodec.TypeA);
            act.Should().Throw<InvalidDataException>($"{length} of {message.Length} bytes");
        }
    }
}
