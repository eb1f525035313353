namespace Tunmux.Api.Tests.Validation;

/// <summary>The ports automatic allocation must leave alone: every enabled listener's explicit port, of every declared proxy.</summary>
public sealed class DeclaredPortsTests
{
    [Fact]
    public void Every_enabled_explicit_port_counts_and_automatic_or_disabled_ones_do_not()
    {
        var objects = ManifestLoader.LoadText("""
            apiVersion: tunmux.io/v1alpha1
            kind: Proxy
            metadata: {name: a}
            spec:
              tunnelRef: t
              socks: {listen: "127.0.0.1:1090"}
              http: {listen: "127.0.0.1:0"}
            ---
            apiVersion: tunmux.io/v1alpha1
            kind: Proxy
            metadata: {name: b}
            spec:
              tunnelRef: t
              socks: {listen: "127.0.0.2:1091", enabled: false}
              http: {listen: "[::1]:8200"}
            """, "/x.yaml").Objects;

        DeclaredPorts.Of(objects).Should().BeEquivalentTo([1090, 8200]);
    }
}
