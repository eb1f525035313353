using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Validation;

/// <summary>Rules on one Proxy. Manifests.Proxy() puts tunnelRef on line 6 and extra fields from line 7.</summary>
public sealed class ProxyValidationTests
{
    private static string[] Errors(string extra) =>
        Manifests.Errors(Manifests.Proxy("p", "lab-1", extra) + "\n---\n" + Manifests.Tunnel());

    [Fact]
    public void A_proxy_with_default_listeners_is_valid()
    {
        Errors("").Should().BeEmpty();
    }

    [Theory]
    [InlineData("127.0.0.1:1080")]
    [InlineData("127.0.0.1")]
    [InlineData("127.9.9.9:1")]
    [InlineData("[::1]:1080")]
    public void Loopback_listeners_are_valid(string listen)
    {
        Errors($"  socks: {{listen: \"{listen}\"}}").Should().BeEmpty();
    }

    [Fact]
    public void Malformed_listen_values_are_reported_at_the_value()
    {
        Errors("  socks: {listen: \"localhost:1080\"}").Should().Equal(
            "test.yaml:7:19: spec.socks.listen: \"localhost\" is not an IP address (listen takes ADDRESS:PORT, [IPV6]:PORT or ADDRESS)");
    }

    [Theory]
    [InlineData("0.0.0.0:1080", "0.0.0.0")]
    [InlineData("192.168.1.10", "192.168.1.10")]
    [InlineData("[::]:1080", "::")]
    public void Listening_beyond_loopback_must_be_allowed(string listen, string address)
    {
        Errors($"  http: {{listen: \"{listen}\"}}").Should().Equal(
            $"test.yaml:7:18: spec.http.listen: {address} is not a loopback address: "
            + "set allowNonLoopback: true to expose this exit to the network");
        Errors($"  http: {{listen: \"{listen}\"}}\n  allowNonLoopback: true").Should().BeEmpty();
    }

    [Fact]
    public void A_proxy_needs_one_listener_enabled()
    {
        Errors("  socks: {enabled: false}\n  http: {enabled: false}")
            .Should().Equal("test.yaml:5:1: spec: socks and http are both disabled: enable at least one");
        Errors("  socks: {enabled: false}").Should().BeEmpty("http keeps its default listener");
    }

    [Fact]
    public void An_empty_tunnel_ref_is_refused()
    {
        Manifests.Errors(Manifests.Proxy("p", "\"\"")).Should().Equal("test.yaml:6:14: spec.tunnelRef: must name a Tunnel");
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1_000_000, true)]
    [InlineData(1_000_001, false)]
    public void The_connection_limit_is_between_1_and_a_million(int limit, bool valid)
    {
        var errors = Errors($"  maxConnections: {limit}");

        if (valid)
        {
            errors.Should().BeEmpty();
        }
        else
        {
            errors.Should().ContainSingle().Which.Should().EndWith("spec.maxConnections: must be between 1 and 1000000 (default 16384)");
        }
    }
}
