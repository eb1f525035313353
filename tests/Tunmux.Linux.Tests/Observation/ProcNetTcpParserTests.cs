using Tunmux.Linux.Observation;

namespace Tunmux.Linux.Tests.Observation;

public sealed class ProcNetTcpParserTests
{
    private const string Tcp =
        """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:0438 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 40121 1 0000000000000000 100 0 0 10 0
           1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 18342 1 0000000000000000 100 0 0 10 0
           2: 0100007F:0438 0100007F:D2F4 01 00000000:00000000 00:00000000 00000000     0        0 40299 1 0000000000000000 20 4 30 10 -1
           3: 0100007F:9C40 0100007F:0438 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000
        """;

    private const string Tcp6 =
        """
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000000000000000000001000000:1FB6 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 40122 1 0000000000000000 100 0 0 10 0
        """;

    [Fact]
    public void Only_listening_sockets_count()
    {
        ProcNetTcpParser.ListeningPorts(Tcp).Should().BeEquivalentTo([1080, 22]);
    }

    [Fact]
    public void IPv6_listeners_are_read_the_same_way()
    {
        ProcNetTcpParser.ListeningPorts(Tcp6).Should().BeEquivalentTo([8118]);
    }

    [Fact]
    public void An_empty_table_has_no_ports()
    {
        ProcNetTcpParser.ListeningPorts("  sl  local_address rem_address   st\n").Should().BeEmpty();
    }
}
