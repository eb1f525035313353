using Tunmux.Linux.Recovery;

namespace Tunmux.Linux.Tests.Recovery;

public sealed class DnsEndpointResolverTests
{
    [Theory]
    [InlineData("vpn.example.net:51820", "vpn.example.net", 51820)]
    [InlineData("198.51.100.1:1637", "198.51.100.1", 1637)]
    [InlineData("[2001:db8::1]:51820", "2001:db8::1", 51820)]
    public void An_endpoint_splits_into_host_and_port(string endpoint, string host, int port)
    {
        DnsEndpointResolver.Split(endpoint).Should().Be((host, port));
    }

    [Theory]
    [InlineData("no-port")]
    [InlineData("host:port")]
    public void An_endpoint_without_a_port_is_refused(string endpoint)
    {
        var act = () => DnsEndpointResolver.Split(endpoint);

        act.Should().Throw<ArgumentException>().WithMessage($"*{endpoint}*");
    }

    [Theory]
    [InlineData("198.51.100.1:51820")]
    [InlineData("[2001:db8::1]:51820")]
    public async Task An_address_literal_is_kept_as_it_is_without_asking_DNS(string endpoint)
    {
        (await DnsEndpointResolver.Instance.ResolveAsync(endpoint, CancellationToken.None)).Should().Be(endpoint);
    }
}
