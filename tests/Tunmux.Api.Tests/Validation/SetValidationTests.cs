using Tunmux.Api.Model;
using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Validation;

/// <summary>Rules across objects. Documents are joined with "---", so each Tunnel() takes 13 lines.</summary>
public sealed class SetValidationTests
{
    private static string Join(params string[] documents) => string.Join("\n---\n", documents);

    private static string Listening(string name, string socks = "", string http = "")
    {
        var fields = (socks.Length > 0 ? $"  socks: {{listen: \"{socks}\"}}\n" : "")
            + (http.Length > 0 ? $"  http: {{listen: \"{http}\"}}\n" : "")
            + "  allowNonLoopback: true";
        return Manifests.Proxy(name, "lab-1", fields);
    }

    [Fact]
    public void A_duplicate_name_is_reported_at_the_second_object_with_the_first_place()
    {
        Manifests.Errors(Join(Manifests.Tunnel("a"), Manifests.Tunnel("a"))).Should().Equal(
            "test.yaml:17:9: metadata.name: Tunnel \"a\" is declared twice; first at test.yaml:4:9");
    }

    [Fact]
    public void Names_are_unique_per_kind_only()
    {
        Manifests.Errors(Join(Manifests.Tunnel("lab-1"), Manifests.Proxy("lab-1", "lab-1"))).Should().BeEmpty();
    }

    [Fact]
    public void Duplicates_across_files_point_at_the_other_file()
    {
        using var folder = new TempFolder();
        var first = folder.Write("a.yaml", Manifests.Tunnel("lab-1"));
        var second = folder.Write("b.yaml", Manifests.Tunnel("lab-1"));

        var errors = ManifestValidator.Validate(ManifestLoader.LoadPath(folder.Path)).Errors;

        errors.Should().ContainSingle().Which.ToString()
            .Should().Be($"{second}:4:9: metadata.name: Tunnel \"lab-1\" is declared twice; first at {first}:4:9");
    }

    [Fact]
    public void A_tunnel_ref_must_name_a_tunnel_of_the_set()
    {
        Manifests.Errors(Join(Manifests.Proxy("p", "lab-2"), Manifests.Tunnel("lab-1"))).Should().Equal(
            "test.yaml:6:14: spec.tunnelRef: no Tunnel named \"lab-2\" in these manifests (did you mean \"lab-1\"?)");
    }

    [Fact]
    public void A_tunnel_ref_to_a_tunnel_that_failed_to_load_is_not_reported_twice()
    {
        var errors = Manifests.Errors(Join(Manifests.Proxy("p", "lab-1"), Manifests.Tunnel(wireguard: "    mtu: big")));

        errors.Should().Equal("test.yaml:15:10: spec.wireguard.mtu: expected an integer, got the string \"big\"");
    }

    [Fact]
    public void Validating_objects_alone_checks_references_against_those_objects()
    {
        var proxy = new ProxyManifest { Metadata = new ObjectMeta { Name = "p" }, Spec = new ProxySpec { TunnelRef = "gone" } };

        ManifestValidator.Validate([proxy]).Should().ContainSingle()
            .Which.Message.Should().Be("no Tunnel named \"gone\" in these manifests");
    }

    [Fact]
    public void Two_proxies_on_the_same_address_and_port_collide()
    {
        Manifests.Errors(Join(Listening("a", socks: "127.0.0.1:1080"), Listening("b", http: "127.0.0.1:1080"), Manifests.Tunnel()))
            .Should().Equal(
                "test.yaml:16:18: spec.http.listen: 127.0.0.1:1080 collides with 127.0.0.1:1080 of Proxy \"a\" "
                + "(spec.socks.listen at test.yaml:7:19)");
    }

    [Fact]
    public void The_ipv4_wildcard_collides_with_every_ipv4_address_on_its_port()
    {
        var errors = Manifests.Errors(Join(Listening("a", socks: "0.0.0.0:1080"), Listening("b", socks: "127.0.0.1:1080"), Manifests.Tunnel()));

        errors.Should().ContainSingle().Which.Should().Contain("collides with 0.0.0.0:1080 of Proxy \"a\"");
    }

    [Fact]
    public void Socks_and_http_of_one_proxy_collide_too()
    {
        Manifests.Errors(Join(Listening("a", socks: "127.0.0.1:1080", http: "127.0.0.1:1080"), Manifests.Tunnel()))
            .Should().ContainSingle().Which.Should().StartWith("test.yaml:8:18: spec.http.listen: 127.0.0.1:1080 collides");
    }

    [Theory]
    [InlineData("127.0.0.1:1080", "127.0.0.1:1081")]
    [InlineData("127.0.0.1:1080", "127.0.0.2:1080")]
    [InlineData("127.0.0.1:1080", "[::1]:1080")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    public void Listeners_that_can_coexist_do_not_collide(string first, string second)
    {
        Manifests.Errors(Join(Listening("a", socks: first), Listening("b", socks: second), Manifests.Tunnel())).Should().BeEmpty();
    }

    [Fact]
    public void Disabled_listeners_claim_no_port()
    {
        var disabled = Manifests.Proxy("b", "lab-1", "  socks: {enabled: false, listen: \"127.0.0.1:1080\"}");

        Manifests.Errors(Join(Listening("a", socks: "127.0.0.1:1080"), disabled, Manifests.Tunnel())).Should().BeEmpty();
    }

    [Fact]
    public void Validation_errors_name_their_object()
    {
        var set = Manifests.LoadAndValidate(Join(Manifests.Tunnel("good"), Manifests.Tunnel("bad", "    configFile: x.conf\n    mtu: 1")));

        set.Objects.Should().HaveCount(2);
        set.ErrorsFor(set.Objects[0]).Should().BeEmpty();
        set.ErrorsFor(set.Objects[1]).Should().HaveCount(2).And.OnlyContain(e => e.Subject == "Tunnel/bad");
    }

    [Fact]
    public void At_most_one_direct_tunnel_per_host()
    {
        var direct = (string name) => Manifests.Tunnel(name).Replace("spec:\n", "spec:\n  mode: direct\n", StringComparison.Ordinal);
        Manifests.Errors(Join(direct("a"), Manifests.Tunnel("b"), direct("c"))).Should().ContainSingle()
            .Which.Should().Contain("spec.mode: at most one direct tunnel per host; Tunnel \"a\" is direct already");
    }

    [Fact]
    public void A_proxy_cannot_use_the_direct_tunnel()
    {
        var direct = Manifests.Tunnel("a").Replace("spec:\n", "spec:\n  mode: direct\n", StringComparison.Ordinal);
        Manifests.Errors(Join(direct, Manifests.Proxy("p", "a"))).Should().ContainSingle()
            .Which.Should().Contain("spec.tunnelRef: Tunnel \"a\" is a direct tunnel");
    }
}
