using System.Net;
using Tunmux.Core.Model;
using Tunmux.Linux.Proxy;

namespace Tunmux.Linux.Tests.Processes;

public class ProxyWorkerArgvTests
{
    [Fact]
    public void Credentials_travel_as_a_file_path_and_limits_as_flags()
    {
        var proxy = new DesiredProxy("p", "t", new IPEndPoint(IPAddress.Loopback, 1080), null, false)
        {
            CredentialsFile = "/etc/tunmux/p.cred",
            CredentialsDigest = "abc",
            Limits = new ProxyLimits(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(1500), null, 50),
        };
        var argv = ProxyWorkerCommand.Build(["tunmux"], proxy, "/proc/1/ns/net", "/run/tunmux/proxies/p.ready");
        argv.Should().ContainInConsecutiveOrder("--credentials-file", "/etc/tunmux/p.cred");
        argv.Should().ContainInConsecutiveOrder("--connect-timeout", "3000ms");
        argv.Should().ContainInConsecutiveOrder("--handshake-timeout", "1500ms");
        argv.Should().ContainInConsecutiveOrder("--max-connections", "50");
        argv.Should().NotContain("--idle-timeout");
        argv.Should().NotContain("abc", "the digest is for change detection, never for the worker");
    }

    [Fact]
    public void The_worker_reads_back_every_value_that_Build_wrote()
    {
        var proxy = new DesiredProxy("p", "t", new IPEndPoint(IPAddress.Loopback, 1080), new IPEndPoint(IPAddress.IPv6Loopback, 8118), AccessLog: true)
        {
            CredentialsFile = "/etc/tunmux/p.cred",
            Limits = new ProxyLimits(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(1500), TimeSpan.FromMinutes(2), 50),
        };
        var argv = ProxyWorkerCommand.Build(["tunmux-proxy-worker"], proxy, "/proc/1/ns/net", "/run/tunmux/proxies/p.ready", "/run/tunmux/proxies/p.stats");

        var parsed = ProxyWorkerCommand.TryParse(argv.Skip(1).ToList(), out var error);

        error.Should().BeEmpty();
        parsed.Should().Be(new ProxyWorkerArguments("p", "/proc/1/ns/net")
        {
            ReadyFile = "/run/tunmux/proxies/p.ready",
            StatsFile = "/run/tunmux/proxies/p.stats",
            Socks = "127.0.0.1:1080",
            Http = "[::1]:8118",
            AccessLog = true,
            CredentialsFile = "/etc/tunmux/p.cred",
            ConnectTimeout = "3000ms",
            HandshakeTimeout = "1500ms",
            IdleTimeout = "120000ms",
            MaxConnections = "50",
        });
    }

    [Fact]
    public void Options_may_carry_their_value_after_an_equals_sign()
    {
        var parsed = ProxyWorkerCommand.TryParse(["--name=a", "--listen-netns=/proc/1/ns/net", "--socks=127.0.0.1:1"], out _);

        parsed.Should().Be(new ProxyWorkerArguments("a", "/proc/1/ns/net") { Socks = "127.0.0.1:1" });
    }

    [Theory]
    [InlineData(new[] { "--listen-netns", "/proc/1/ns/net" }, "are required")]
    [InlineData(new[] { "--name", "a", "--listen-netns", "/x", "--socks" }, "'--socks' needs a value")]
    [InlineData(new[] { "--name", "a", "--listen-netns", "/x", "--bogus", "1" }, "unknown option or argument '--bogus'")]
    [InlineData(new[] { "--name", "a", "--listen-netns", "/x", "stray" }, "unknown option or argument 'stray'")]
    public void A_command_line_that_is_not_a_workers_is_refused_with_the_reason(string[] args, string reason)
    {
        ProxyWorkerCommand.TryParse(args, out var error).Should().BeNull();
        error.Should().Contain(reason);
    }

    [Fact]
    public void The_tunnels_dns_servers_travel_to_the_worker_and_none_is_said_explicitly()
    {
        var proxy = new DesiredProxy("p", "t", new IPEndPoint(IPAddress.Loopback, 1080), null, false);

        var withServers = ProxyWorkerCommand.Build(["w"], proxy, "/proc/1/ns/net", "/r", dnsServers: [IPAddress.Parse("10.64.0.1"), IPAddress.Parse("fd00::53")]);
        var without = ProxyWorkerCommand.Build(["w"], proxy, "/proc/1/ns/net", "/r", dnsServers: []);

        ProxyWorkerCommand.TryParse(withServers.Skip(1).ToList(), out _)!.Dns.Should().Be("10.64.0.1,fd00::53");
        ProxyWorkerCommand.TryParse(without.Skip(1).ToList(), out _)!.Dns.Should().Be(ProxyWorkerCommand.NoDns);
    }
}
