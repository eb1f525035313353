using Tunmux.Api.Model;
using Tunmux.Runtime.Operations;

namespace Tunmux.Runtime.Tests.Operations;

public class DeclaredStateTests
{
    private static TunnelManifest T(string name, string provider = "wireguard") =>
        new() { Metadata = new ObjectMeta { Name = name }, Spec = new TunnelSpec { Provider = provider } };

    private static ProxyManifest P(string name, string tunnel) =>
        new() { Metadata = new ObjectMeta { Name = name }, Spec = new ProxySpec { TunnelRef = tunnel } };

    [Fact]
    public void Merge_replaces_objects_of_the_same_kind_and_name_and_keeps_the_rest()
    {
        var merged = DeclaredState.Merge([T("a"), T("b"), P("a", "a")], [T("a", "changed")]);
        merged.Should().HaveCount(3);
        merged.OfType<TunnelManifest>().Single(t => t.Name == "a").Spec.Provider.Should().Be("changed");
    }

    [Fact]
    public void A_tunnel_and_a_proxy_may_share_a_name()
    {
        DeclaredState.Merge([T("a")], [P("a", "a")]).Should().HaveCount(2);
    }

    [Fact]
    public void Removing_a_tunnel_cascades_to_its_proxies_and_says_so()
    {
        var (remaining, cascaded) = DeclaredState.Remove([T("a"), T("b"), P("pa", "a"), P("pb", "b")], o => o is TunnelManifest { Name: "a" });
        remaining.Select(o => $"{o.Kind}/{o.Name}").Should().Equal("Tunnel/b", "Proxy/pb");
        cascaded.Should().Equal("proxy/pa is deleted with tunnel/a");
    }
}
