using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Tunmux.Linux.Probing;

namespace Tunmux.Linux.Tests.Probing;

/// <summary>
/// Issue #9: a proxy worker resolves names only by asking the tunnel's DNS servers, never through
/// libc NSS (so not /etc/hosts, nscd, sssd, mdns or systemd-resolved), and with no answer it fails
/// closed. A small DNS server on loopback stands in for the tunnel's.
/// </summary>
public sealed class TunnelDnsResolverTests : IDisposable
{
    private readonly FakeDnsServer _server = new();

    public void Dispose() => _server.Dispose();

    private TunnelDnsResolver Resolver(params IPAddress[] servers) =>
        new(servers.Length == 0 ? [IPAddress.Loopback] : servers, TimeSpan.FromSeconds(2), _server.Port);

    [Fact]
    public async Task A_name_resolves_to_the_A_and_AAAA_answers_of_the_tunnels_server()
    {
        _server.Answers["exit.lab.test"] = [IPAddress.Parse("198.18.7.7"), IPAddress.Parse("fd00::7")];

        var addresses = await Resolver().ResolveAsync("exit.lab.test", CancellationToken.None);

        addresses.Should().Equal(IPAddress.Parse("198.18.7.7"), IPAddress.Parse("fd00::7"));
        _server.Questions.Should().Contain("exit.lab.test");
    }

    [Fact]
    public async Task A_name_only_the_hosts_resolver_knows_does_not_resolve()
    {
        // "localhost" is in every /etc/hosts; NSS answers it without asking any server.
        (await Dns.GetHostAddressesAsync("localhost")).Should().NotBeEmpty("the host's resolver knows it");

        var resolving = async () => await Resolver().ResolveAsync("localhost", CancellationToken.None);

        (await resolving.Should().ThrowAsync<SocketException>()).Which.SocketErrorCode.Should().Be(SocketError.HostNotFound);
        _server.Questions.Should().Contain("localhost", "the question went to the tunnel's server, not to /etc/hosts");
    }

    [Fact]
    public async Task With_no_servers_nothing_resolves_and_nothing_falls_back()
    {
        var resolving = async () => await new TunnelDnsResolver([]).ResolveAsync("localhost", CancellationToken.None);

        (await resolving.Should().ThrowAsync<SocketException>()).Which.SocketErrorCode.Should().Be(SocketError.TryAgain);
    }

    [Fact]
    public async Task A_silent_server_is_passed_over_for_the_next_and_all_silent_fails_closed()
    {
        _server.Answers["exit.lab.test"] = [IPAddress.Parse("198.18.7.7")];
        using var silent = new FakeDnsServer(respond: false);
        var resolver = new TunnelDnsResolver([IPAddress.Parse("127.0.0.2"), IPAddress.Loopback], TimeSpan.FromMilliseconds(300), _server.Port);

        (await resolver.ResolveAsync("exit.lab.test", CancellationToken.None)).Should().Equal(IPAddress.Parse("198.18.7.7"));

        var allSilent = async () => await new TunnelDnsResolver([IPAddress.Loopback], TimeSpan.FromMilliseconds(300), silent.Port).ResolveAsync("exit.lab.test", CancellationToken.None);
        (await allSilent.Should().ThrowAsync<SocketException>()).Which.SocketErrorCode.Should().Be(SocketError.TryAgain);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("b\u00fccher.example")]
    [InlineData("x\u001b[2J.example")]
    [InlineData("has space.example")]
    public async Task A_string_that_is_no_dns_name_is_not_found_without_asking(string name)
    {
        var resolving = async () => await Resolver().ResolveAsync(name, CancellationToken.None);

        (await resolving.Should().ThrowAsync<SocketException>()).Which.SocketErrorCode.Should().Be(SocketError.HostNotFound);
        _server.Questions.Should().BeEmpty();
    }

    [Fact]
    public void Name_length_follows_dns_253_in_all_and_63_per_label()
    {
        var label = new string('a', 63);
        TunnelDnsResolver.IsDnsName($"{label}.{label}.{label}.{new string('b', 61)}").Should().BeTrue();
        TunnelDnsResolver.IsDnsName($"{label}.{label}.{label}.{new string('b', 62)}").Should().BeFalse();
        TunnelDnsResolver.IsDnsName(new string('a', 64) + ".example").Should().BeFalse();
        TunnelDnsResolver.IsDnsName("example.com.").Should().BeTrue();
    }

    /// <summary>Answers A and AAAA questions from <see cref="Answers"/> (NXDOMAIN otherwise) on an ephemeral loopback port.</summary>
    private sealed class FakeDnsServer : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;

        public FakeDnsServer(bool respond = true)
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
            _serving = respond ? ServeAsync() : Task.CompletedTask;
        }

        public int Port { get; }

        public System.Collections.Concurrent.ConcurrentDictionary<string, IPAddress[]> Answers { get; } = new(StringComparer.OrdinalIgnoreCase);

        public System.Collections.Concurrent.ConcurrentBag<string> Questions { get; } = [];

        private async Task ServeAsync()
        {
            var buffer = new byte[512];
            while (!_stop.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                var (name, type, end) = Question(buffer.AsSpan(0, received.ReceivedBytes));
                Questions.Add(name);
                var known = Answers.TryGetValue(name, out var addresses);
                var matching = (addresses ?? []).Where(a => (a.AddressFamily == AddressFamily.InterNetwork) == (type == DnsCodec.TypeA)).ToList();
                var reply = new List<byte>(buffer.AsSpan(0, end).ToArray());
                reply[2] = 0x81;
                reply[3] = (byte)(known ? 0x80 : 0x83);
                reply[7] = (byte)matching.Count;
                foreach (var address in matching)
                {
                    var bytes = address.GetAddressBytes();
                    reply.AddRange([0xc0, 0x0c, 0, (byte)type, 0, 1, 0, 0, 0, 60, 0, (byte)bytes.Length]);
                    reply.AddRange(bytes);
                }

                await _socket.SendToAsync(reply.ToArray(), received.RemoteEndPoint);
            }
        }

        private static (string Name, ushort Type, int End) Question(ReadOnlySpan<byte> message)
        {
            var labels = new List<string>();
            var offset = 12;
            while (message[offset] != 0)
            {
                labels.Add(System.Text.Encoding.ASCII.GetString(message.Slice(offset + 1, message[offset])));
                offset += message[offset] + 1;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 1)..]);
            return (string.Join('.', labels), type, offset + 5);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _socket.Dispose();
            _serving.Wait(TimeSpan.FromSeconds(5));
            _stop.Dispose();
        }
    }
}
