using System.Net;
using Tunmux.Lab;

namespace Tunmux.Lab.Tests.Topology;

public sealed class LabAddressesTests
{
    private static readonly IPNetwork LabRange = IPNetwork.Parse(LabAddresses.LabRange);

    private static IPAddress AddressOf(string prefixOrAddress) => IPAddress.Parse(prefixOrAddress.Split('/')[0]);

    [Fact]
    public void Exit_addresses_follow_the_plan()
    {
        LabAddresses.ExitGatewayPrefix(3).Should().Be("198.18.3.1/30");
        LabAddresses.ExitPublicPrefix(3).Should().Be("198.18.3.2/30");
        LabAddresses.ExitPublicAddress(3).Should().Be("198.18.3.2");
        LabAddresses.ExitEndpoint(3).Should().Be("198.18.3.2:51820");
        LabAddresses.TunnelServerPrefix(3).Should().Be("10.66.3.1/24");
        LabAddresses.TunnelClientPrefix(3).Should().Be("10.66.3.2/32");
        LabAddresses.WhoamiUrl.Should().Be("http://198.19.255.1/");
    }

    [Fact]
    public void Every_address_the_host_can_reach_lies_in_the_one_routed_benchmarking_range()
    {
        var reachable = new List<string> { LabAddresses.HostSide, LabAddresses.NetSideOfHost, LabAddresses.ServicePrefix, LabAddresses.HostGateway };
        for (var exit = 1; exit <= LabOptions.MaxExits; exit++)
        {
            reachable.Add(LabAddresses.ExitGatewayPrefix(exit));
            reachable.Add(LabAddresses.ExitPublicPrefix(exit));
        }

        reachable.Should().OnlyContain(address => LabRange.Contains(AddressOf(address)));
        reachable.Should().NotContain(address => IPNetwork.Parse("192.0.2.0/24").Contains(AddressOf(address)));
    }

    [Fact]
    public void Every_ipv6_address_the_host_can_reach_lies_in_the_ipv6_benchmarking_range()
    {
        var range = IPNetwork.Parse(LabAddresses.LabRange6);
        var reachable = new List<string> { LabAddresses.HostSide6, LabAddresses.NetSideOfHost6, LabAddresses.ServicePrefix6, LabAddresses.HostGateway6 };
        for (var exit = 1; exit <= LabOptions.MaxExits; exit++)
        {
            reachable.Add(LabAddresses.ExitGatewayPrefix6(exit));
            reachable.Add(LabAddresses.ExitPublicPrefix6(exit));
        }

        reachable.Should().OnlyContain(address => range.Contains(AddressOf(address)));
        reachable.Skip(4).Select(AddressOf).Distinct().Should().HaveCount(reachable.Count - 4, "no two exits share an address");
        LabAddresses.ExitPublicAddress6(200).Should().Be("2001:2:0:c8::2");
        LabAddresses.WhoamiUrl6.Should().Be("http://[2001:2:0:ff00::1]/");
    }

    [Fact]
    public void No_two_exits_share_a_link_or_tunnel_subnet()
    {
        var links = Enumerable.Range(1, LabOptions.MaxExits).Select(i => IPNetwork.Parse(LabAddresses.ExitPublicPrefix(i).Replace(".2/30", ".0/30", StringComparison.Ordinal))).ToList();
        var tunnels = Enumerable.Range(1, LabOptions.MaxExits).Select(i => LabAddresses.TunnelServerPrefix(i)).ToList();

        links.Should().OnlyHaveUniqueItems();
        tunnels.Should().OnlyHaveUniqueItems();
        links.Should().NotContain(link => link.Contains(IPAddress.Parse(LabAddresses.HostAddress)) || link.Contains(IPAddress.Parse(LabAddresses.ServiceAddress)));
    }

    [Fact]
    public void Proxy_ports_start_at_the_usual_socks_and_http_ports()
    {
        LabPorts.Socks(1).Should().Be(1080);
        LabPorts.Http(1).Should().Be(8118);
        LabPorts.Socks(2).Should().Be(1081);
        LabPorts.Http(2).Should().Be(8119);
    }
}
