using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux.Tests.WireGuard;

/// <summary>Dumps shaped like the real output of `wg show IF dump` (wireguard-tools 1.0.20210914), with made-up keys.</summary>
public sealed class WgDumpParserTests
{
    private const string PrivateKey = "AEx+ZCpzRqDm1oXfS5+yQOAaHmot+BDvbgMcqL1e3lA=";
    private const string PublicKey = "AvnnpRxhz5dJAL/gOzCWe2R9djgCLZBV9wBwOdaNaxA=";
    private const string PeerKey = "3l2KMw3gtgcth8lKdHo5on7lsBdDgleh3rcQ/gha6yk=";
    private const string PresharedKey = "cHNrLXByZXNoYXJlZC1rZXktZm9yLXRlc3RzLTAwMDA=";

    [Fact]
    public void A_peer_that_never_shook_hands_has_no_handshake_time()
    {
        var dump = WgDumpParser.Parse(
            $"{PrivateKey}\t{PublicKey}\t35162\toff\n{PeerKey}\t(none)\t10.99.0.1:51820\t0.0.0.0/0,::/0\t0\t0\t0\t25\n")!;

        dump.PublicKey.Should().Be(PublicKey);
        dump.ListenPort.Should().Be(35162);
        var peer = dump.Peers.Should().ContainSingle().Subject;
        peer.Should().BeEquivalentTo(new WgDumpPeer(PeerKey, "10.99.0.1:51820", ["0.0.0.0/0", "::/0"], null, 0, 0, 25));
        dump.LatestHandshake.Should().BeNull();
    }

    [Fact]
    public void Handshake_and_transfer_are_read_and_summed_over_peers()
    {
        var dump = WgDumpParser.Parse(
            $"{PrivateKey}\t{PublicKey}\t51820\toff\n" +
            $"{PeerKey}\t{PresharedKey}\t198.51.100.1:51820\t0.0.0.0/0\t1767268800\t1000\t2000\toff\n" +
            $"{PublicKey}\t(none)\t(none)\t(none)\t1767268900\t5\t7\toff\n")!;

        dump.LatestHandshake.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1767268900));
        dump.RxBytes.Should().Be(1005);
        dump.TxBytes.Should().Be(2007);
        dump.Peers[0].PersistentKeepalive.Should().BeNull();
        dump.Peers[1].Endpoint.Should().BeNull();
        dump.Peers[1].AllowedIps.Should().BeEmpty();
    }

    [Fact]
    public void Private_and_preshared_keys_are_not_kept()
    {
        var dump = WgDumpParser.Parse(
            $"{PrivateKey}\t{PublicKey}\t51820\toff\n{PeerKey}\t{PresharedKey}\t198.51.100.1:51820\t0.0.0.0/0\t0\t0\t0\toff\n")!;

        var everything = dump.ToString() + string.Join('\n', dump.Peers.Select(peer => peer.ToString()));
        everything.Should().NotContain(PrivateKey).And.NotContain(PresharedKey);
    }

    [Fact]
    public void An_interface_without_a_key_or_peers_has_no_public_key()
    {
        var dump = WgDumpParser.Parse("(none)\t(none)\t0\toff\n")!;

        dump.PublicKey.Should().BeNull();
        dump.Peers.Should().BeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("Unable to access interface: No such device")]
    [InlineData("a\tb\tnot-a-port\toff")]
    [InlineData("a\tb\t1\toff\npeer\tpsk\tendpoint\tips\tnot-a-number\t0\t0\toff")]
    public void Output_that_is_not_a_dump_gives_nothing(string text)
    {
        WgDumpParser.Parse(text).Should().BeNull();
    }
}
