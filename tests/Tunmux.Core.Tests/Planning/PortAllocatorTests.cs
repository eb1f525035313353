using System.Net;
using Tunmux.Core.Model;
using Tunmux.Core.Planning;
using static Tunmux.Core.Tests.Planning.Builders;

namespace Tunmux.Core.Tests.Planning;

public class PortAllocatorTests
{
    private static DesiredProxy Auto(string name) =>
        new(name, "t", new IPEndPoint(IPAddress.Loopback, 0), new IPEndPoint(IPAddress.Loopback, 0), false);

    [Fact]
    public void Automatic_ports_start_at_1080_and_8118_and_count_upwards()
    {
        var result = PortAllocator.Assign([Auto("a"), Auto("b")], [], new HashSet<int>());
        result.Select(p => (p.Socks!.Port, p.Http!.Port)).Should().Equal((1080, 8118), (1081, 8119));
    }

    [Fact]
    public void Busy_and_declared_ports_are_skipped()
    {
        var explicitProxy = Proxy("fixed", "t", socks: 1080, http: 9000);
        var result = PortAllocator.Assign([explicitProxy, Auto("a")], [], new HashSet<int> { 1081, 8118 });
        result[1].Socks!.Port.Should().Be(1082);
        result[1].Http!.Port.Should().Be(8119);
    }

    [Fact]
    public void A_proxy_keeps_the_port_it_already_has_even_though_its_own_worker_holds_it()
    {
        var running = RecordOf(Proxy("b", "t", 1085, 8125));
        var result = PortAllocator.Assign([Auto("a"), Auto("b")], [running], new HashSet<int> { 1085, 8125 });
        result.Single(p => p.Name == "b").Socks!.Port.Should().Be(1085);
        result.Single(p => p.Name == "b").Http!.Port.Should().Be(8125);
        result.Single(p => p.Name == "a").Socks!.Port.Should().Be(1080);
    }

    [Fact]
    public void Another_proxys_recorded_port_is_not_given_away()
    {
        var other = RecordOf(Proxy("other", "t", 1080, 8118));
        var result = PortAllocator.Assign([Auto("a"), Proxy("other", "t", 1080, 8118)], [other], new HashSet<int>());
        result[0].Socks!.Port.Should().Be(1081);
    }

    [Fact]
    public void Explicit_and_disabled_listeners_are_left_as_they_are()
    {
        var proxy = new DesiredProxy("a", "t", new IPEndPoint(IPAddress.Loopback, 1234), null, false);
        PortAllocator.Assign([proxy], [], new HashSet<int>()).Single().Should().Be(proxy);
    }
}
