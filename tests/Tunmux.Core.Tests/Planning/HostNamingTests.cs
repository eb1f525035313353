using Tunmux.Core.Model;

namespace Tunmux.Core.Tests.Planning;

public class HostNamingTests
{
    [Fact]
    public void Short_names_are_prefix_plus_name()
    {
        var naming = new HostNaming();
        naming.NamespaceFor("lab-1").Should().Be("tunmux_lab-1");
        naming.InterfaceFor("lab-1").Should().Be("wg-lab-1");
    }

    [Fact]
    public void Long_names_fit_the_kernels_15_bytes_and_stay_distinct()
    {
        var naming = new HostNaming();
        var first = naming.InterfaceFor("a-very-long-tunnel-name-1");
        var second = naming.InterfaceFor("a-very-long-tunnel-name-2");
        first.Length.Should().BeLessThanOrEqualTo(15);
        second.Length.Should().BeLessThanOrEqualTo(15);
        first.Should().NotBe(second).And.StartWith("wg-");
    }

    [Fact]
    public void Only_namespaces_with_our_prefix_map_back_to_a_tunnel()
    {
        var naming = new HostNaming("tmx_", "t");
        naming.TunnelOfNamespace("tmx_lab-1").Should().Be("lab-1");
        naming.TunnelOfNamespace("other").Should().BeNull();
        naming.TunnelOfNamespace("tmx_").Should().BeNull();
    }
}
