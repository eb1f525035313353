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
}
