using System.Text;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux.Tests.WireGuard;

/// <summary>
/// Answers shaped like wireguard-go's to <c>get=1</c> (device/uapi.go, IpcGetOperation). The
/// interface key is RFC 7748's test vector (section 6.1, Alice), so the derived public key is known.
/// </summary>
public sealed class UapiGetParserTests
{
    private const string PrivateKeyHex = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private const string PrivateKeyBase64 = "dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=";
    private const string PublicKey = "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=";
    private const string PeerKeyHex = "de5d8a330de0b6072d87c94a747a39a27ee5b017438257a1deb710fe085aeb29";
    private const string PeerKey = "3l2KMw3gtgcth8lKdHo5on7lsBdDgleh3rcQ/gha6yk=";
    private const string PresharedKeyHex = "0000000000000000000000000000000000000000000000000000000000000000";

    private static string Interface(string privateKeyHex = PrivateKeyHex) =>
        $"private_key={privateKeyHex}\nlisten_port=35162\nfwmark=51820\n";

    private static string Peer(string keyHex = PeerKeyHex, string handshake = "1767268800", string rx = "9232", string tx = "10548", string keepalive = "25", string extra = "") =>
        $"public_key={keyHex}\npreshared_key={PresharedKeyHex}\nprotocol_version=1\nendpoint=198.51.100.1:51820\n" +
        $"last_handshake_time_sec={handshake}\nlast_handshake_time_nsec=532000000\ntx_bytes={tx}\nrx_bytes={rx}\n" +
        $"persistent_keepalive_interval={keepalive}\nallowed_ip=0.0.0.0/0\nallowed_ip=::/0\n{extra}";

    private static WgDump? Parse(string answer) => UapiGetParser.Parse(Encoding.ASCII.GetBytes(answer), X25519.PublicKeyOf);

    [Fact]
    public void An_answer_reads_exactly_as_wg_show_dump_of_the_same_interface()
    {
        var fromUapi = Parse(Interface() + Peer() + "errno=0\n\n");
        var fromWg = WgDumpParser.Parse(
            $"{PrivateKeyBase64}\t{PublicKey}\t35162\t51820\n" +
            $"{PeerKey}\t(none)\t198.51.100.1:51820\t0.0.0.0/0,::/0\t1767268800\t9232\t10548\t25\n");

        fromUapi.Should().BeEquivalentTo(fromWg, options => options.WithStrictOrdering());
        fromUapi!.PublicKey.Should().Be(PublicKey, "the public key is derived from the private one, as wg does");
    }

    [Fact]
    public void The_private_key_reaches_only_the_derivation_and_is_not_in_the_result()
    {
        var handed = new List<string>();
        var dump = UapiGetParser.Parse(Encoding.ASCII.GetBytes(Interface() + "errno=0\n\n"), key =>
        {
            handed.Add(Convert.ToHexStringLower(key));
            return "derived";
        });

        handed.Should().Equal(PrivateKeyHex);
        dump!.PublicKey.Should().Be("derived");
        dump.ToString().Should().NotContain(PrivateKeyBase64).And.NotContain(PrivateKeyHex);
    }

    [Fact]
    public void The_preshared_key_is_never_decoded()
    {
        var dump = Parse(Interface() + Peer().Replace($"preshared_key={PresharedKeyHex}", "preshared_key=not-hex", StringComparison.Ordinal) + "errno=0\n\n");

        dump.Should().NotBeNull("a value that is never decoded cannot be malformed");
    }

    [Fact]
    public void An_interface_without_a_private_key_or_peers_has_no_public_key()
    {
        var dump = Parse("listen_port=0\nerrno=0\n\n");

        dump.Should().BeEquivalentTo(new WgDump(null, 0, []));
    }

    [Fact]
    public void A_peer_that_never_shook_hands_and_keeps_no_keepalive_reads_as_in_the_dump()
    {
        var peer = Parse(Interface() + Peer(handshake: "0", rx: "0", tx: "0", keepalive: "0") + "errno=0\n\n")!.Peers.Single();

        peer.LatestHandshake.Should().BeNull();
        peer.PersistentKeepalive.Should().BeNull();
    }

    [Fact]
    public void Several_peers_are_read_in_order_and_summed()
    {
        var dump = Parse(Interface() + Peer(rx: "1000", tx: "2000") + Peer(keyHex: PrivateKeyHex, handshake: "1767268900", rx: "5", tx: "7") + "errno=0\n\n")!;

        dump.Peers.Select(p => p.PublicKey).Should().Equal(PeerKey, PrivateKeyBase64);
        dump.LatestHandshake.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1767268900));
        dump.RxBytes.Should().Be(1005);
        dump.TxBytes.Should().Be(2007);
    }

    [Fact]
    public void Lines_a_newer_wireguard_go_adds_are_ignored()
    {
        Parse(Interface() + "some_new_interface_key=1\n" + Peer(extra: "some_new_peer_key=x\n") + "errno=0\n\n").Should().NotBeNull();
    }

    [Theory]
    [InlineData("errno=1\n\n")] // the request failed
    [InlineData("")] // cut short before errno
    [InlineData("errno=0\nlisten_port=1\n\n")] // lines after errno
    public void An_answer_that_does_not_end_in_errno_0_is_no_state(string ending)
    {
        Parse(Interface() + Peer() + ending).Should().BeNull();
    }

    [Theory]
    [InlineData("private_key=abc\n")]
    [InlineData("public_key=zz5d8a330de0b6072d87c94a747a39a27ee5b017438257a1deb710fe085aeb29\n")]
    [InlineData("listen_port=-1\n")]
    [InlineData("not a key value line\n")]
    public void A_malformed_line_makes_the_answer_unreadable(string line)
    {
        Parse(line + "errno=0\n\n").Should().BeNull();
    }

    [Fact]
    public void A_peer_missing_its_counters_makes_the_answer_unreadable()
    {
        Parse(Interface() + $"public_key={PeerKeyHex}\nendpoint=198.51.100.1:51820\nerrno=0\n\n").Should().BeNull();
    }

    [Fact]
    public void X25519_derives_the_RFC_7748_public_key()
    {
        X25519.PublicKeyOf(Convert.FromHexString(PrivateKeyHex)).Should().Be(PublicKey);
    }
}
