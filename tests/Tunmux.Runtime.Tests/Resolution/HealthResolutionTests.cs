using System.Net;
using Tunmux.Api;
using Tunmux.Core.Model;
using Tunmux.Runtime.Resolution;
using Tunmux.Runtime.Tests.Operations;

namespace Tunmux.Runtime.Tests.Resolution;

/// <summary>Issue #4: spec.health reaches the desired tunnel, and changing it never changes the spec hash (no rebuild).</summary>
public sealed class HealthResolutionTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private (IReadOnlyList<DesiredTunnel> Tunnels, IReadOnlyList<string> Errors) TryResolve(string health, string? dns = null)
    {
        var text = TempWorkspace.Tunnel("a").Replace("---", health.Length == 0 ? "---" : $"  health:\n{health}\n---", StringComparison.Ordinal);
        if (dns is not null)
        {
            text = text.Replace("    addresses:", $"    dns: [{dns}]\n    addresses:", StringComparison.Ordinal);
        }

        var manifests = _workspace.Manifests(text);
        manifests.Errors.Should().BeEmpty();
        var (desired, errors) = new ManifestResolver().Resolve(manifests.Objects);
        return (desired.Tunnels, errors.Select(e => $"{e.FieldPath}: {e.Message}").ToList());
    }

    private DesiredTunnel Resolve(string health, string? dns = null)
    {
        var (tunnels, errors) = TryResolve(health, dns);
        errors.Should().BeEmpty();
        return tunnels.Single();
    }

    [Fact]
    public void A_url_probe_and_a_handshake_limit_reach_the_desired_tunnel()
    {
        var tunnel = Resolve("""
                handshakeMaxAge: 5m
                probe: {url: "http://198.19.255.1:8080/health", interval: 10s, timeout: 2s, failureThreshold: 4}
            """);

        tunnel.HandshakeMaxAge.Should().Be(TimeSpan.FromMinutes(5));
        tunnel.Probe.Should().Be(new ProbeSettings(
            new ProbeTarget.Http(new ProbeHost("198.19.255.1", 8080), "198.19.255.1:8080", "/health"),
            TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), 4));
        tunnel.Probe!.Target.Description.Should().Be("http://198.19.255.1:8080/health");
    }

    [Fact]
    public void A_url_s_query_is_kept_for_the_request_but_left_out_of_what_status_shows()
    {
        var target = (ProbeTarget.Http)Resolve("    probe: {url: \"http://198.19.255.1/health?token=s3cret\"}").Probe!.Target;

        target.PathAndQuery.Should().Be("/health?token=s3cret");
        target.Description.Should().Be("http://198.19.255.1/health?…").And.NotContain("s3cret");
    }

    [Fact]
    public void A_tcp_probe_to_an_ipv6_address_resolves()
    {
        Resolve("    probe: {tcp: \"[2001:db8::1]:443\"}").Probe!.Target
            .Should().Be(new ProbeTarget.Tcp(new ProbeHost("2001:db8::1", 443)));
    }

    [Fact]
    public void A_host_name_is_resolved_later_through_the_tunnel_s_own_DNS_servers()
    {
        var probe = Resolve("    probe: {url: \"http://whoami.lab/tunmux-probe\"}", dns: "10.66.1.1, 10.66.1.53").Probe!;

        probe.Target.Should().Be(new ProbeTarget.Http(new ProbeHost("whoami.lab", 80), "whoami.lab", "/tunmux-probe"));
        probe.Nameservers.Should().Equal(IPAddress.Parse("10.66.1.1"), IPAddress.Parse("10.66.1.53"));
    }

    [Fact]
    public void A_host_name_in_a_tunnel_without_DNS_is_refused()
    {
        var (tunnels, errors) = TryResolve("    probe: {tcp: \"whoami.lab:80\"}");

        tunnels.Should().BeEmpty();
        errors.Should().Equal("spec.health.probe: whoami.lab is a host name, and the tunnel has no DNS server to resolve it through: "
            + "give the tunnel a DNS server (spec.wireguard.dns, or DNS = in its config file) or probe an IP address");
    }

    [Fact]
    public void An_ip_target_needs_no_DNS()
    {
        Resolve("    probe: {tcp: \"198.19.255.1:80\"}", dns: "10.66.1.1").Probe!.Nameservers.Should().BeEmpty();
    }

    [Fact]
    public void A_tunnel_without_health_has_neither()
    {
        var tunnel = Resolve("");

        tunnel.Probe.Should().BeNull();
        tunnel.HandshakeMaxAge.Should().BeNull();
    }

    [Fact]
    public void Adding_or_changing_health_keeps_the_spec_hash_so_the_tunnel_is_not_rebuilt()
    {
        var plain = Resolve("").SpecHash;

        Resolve("    probe: {tcp: \"198.19.255.1:80\"}").SpecHash.Should().Be(plain);
        Resolve("    probe: {url: \"http://198.19.255.1/\", interval: 5s}\n    handshakeMaxAge: 4m").SpecHash.Should().Be(plain);
    }
}
