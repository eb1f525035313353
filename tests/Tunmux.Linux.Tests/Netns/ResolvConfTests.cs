using Tunmux.Linux.Netns;

namespace Tunmux.Linux.Tests.Netns;

public sealed class ResolvConfTests
{
    [Fact]
    public void Each_DNS_server_gets_a_nameserver_line()
    {
        ResolvConf.Render(["10.2.0.1", "fd7d:76ee:e68f:a993::1"]).Split('\n').Where(line => !line.StartsWith('#'))
            .Should().Equal("nameserver 10.2.0.1", "nameserver fd7d:76ee:e68f:a993::1", "");
    }

    [Fact]
    public void Without_DNS_servers_the_file_has_no_nameserver_so_the_hosts_resolvers_are_never_used()
    {
        ResolvConf.Render([]).Should().NotContain("nameserver");
    }

    [Fact]
    public void Anything_but_an_address_is_refused()
    {
        var act = () => ResolvConf.Render(["10.2.0.1\noptions ndots:15"]);

        act.Should().Throw<ArgumentException>().WithMessage("DNS server*is not an IP address*");
    }
}
