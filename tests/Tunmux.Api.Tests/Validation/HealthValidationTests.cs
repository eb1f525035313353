using Tunmux.Api.Model;
using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Validation;

/// <summary>Issue #4: spec.health, the handshake age limit and the optional active probe (spec.health starts on line 13).</summary>
public sealed class HealthValidationTests
{
    private static string WithHealth(string health) => Manifests.Tunnel() + "\n  health:\n" + health + "\n";

    private static string[] Errors(string health) => Manifests.Errors(WithHealth(health));

    private static TunnelHealthSpec Loaded(string health) =>
        Manifests.LoadAndValidate(WithHealth(health)).Objects.OfType<TunnelManifest>().Single().Spec.Health!;

    [Fact]
    public void A_tcp_probe_binds_with_its_defaults()
    {
        var health = Loaded("    probe: {tcp: \"198.19.255.1:80\"}");

        health.Probe.Should().Be(new ProbeSpec { Tcp = "198.19.255.1:80" });
        health.Probe!.Interval.Should().Be(TimeSpan.FromSeconds(30));
        health.Probe.Timeout.Should().Be(TimeSpan.FromSeconds(5));
        health.Probe.FailureThreshold.Should().Be(3);
        health.HandshakeMaxAge.Should().BeNull("the daemon's limit applies when none is written");
    }

    [Fact]
    public void Every_field_binds()
    {
        var health = Loaded("""
                handshakeMaxAge: 5m
                probe:
                  url: http://198.19.255.1:8080/health?deep=1
                  interval: 2s
                  timeout: 500ms
                  failureThreshold: 5
            """);

        health.Should().Be(new TunnelHealthSpec
        {
            HandshakeMaxAge = TimeSpan.FromMinutes(5),
            Probe = new ProbeSpec
            {
                Url = "http://198.19.255.1:8080/health?deep=1",
                Interval = TimeSpan.FromSeconds(2),
                Timeout = TimeSpan.FromMilliseconds(500),
                FailureThreshold = 5,
            },
        });
    }

    [Fact]
    public void A_tunnel_without_health_has_none()
    {
        Manifests.LoadAndValidate(Manifests.Tunnel()).Objects.OfType<TunnelManifest>().Single().Spec.Health.Should().BeNull();
    }

    [Fact]
    public void A_probe_needs_exactly_one_target()
    {
        Errors("    probe: {interval: 10s}").Should().Equal(
            "test.yaml:14:12: spec.health.probe: needs a target: url (http://HOST/PATH) or tcp (HOST:PORT)");
        Errors("    probe: {url: \"http://198.19.255.1/\", tcp: \"198.19.255.1:80\"}").Should().Equal(
            "test.yaml:14:12: spec.health.probe: url and tcp exclude each other: a probe checks one target");
    }

    [Theory]
    [InlineData("bad_name:80", "\"bad_name\" is neither an IP address nor a host name; expected HOST:PORT or [IPV6]:PORT")]
    [InlineData("198.19.255.1", "\"198.19.255.1\" needs a port: HOST:PORT; expected HOST:PORT or [IPV6]:PORT")]
    [InlineData("198.19.255.1:0", "\"198.19.255.1:0\" has a bad port: expected 1-65535; expected HOST:PORT or [IPV6]:PORT")]
    [InlineData("::1:80", "\"::1:80\": an IPv6 endpoint is written [ADDRESS]:PORT; expected HOST:PORT or [IPV6]:PORT")]
    public void A_tcp_target_is_a_host_and_a_port(string target, string message)
    {
        Errors($"    probe: {{tcp: \"{target}\"}}").Should().Equal($"test.yaml:14:18: spec.health.probe.tcp: {message}");
    }

    [Theory]
    [InlineData("198.19.255.1:80")]
    [InlineData("[2001:db8::1]:443")]
    [InlineData("whoami.lab:80")]
    public void Ip_and_name_endpoints_are_valid_tcp_targets(string target)
    {
        Errors($"    probe: {{tcp: \"{target}\"}}").Should().BeEmpty();
    }

    [Theory]
    [InlineData("https://198.19.255.1/", "https is not supported: the probe speaks plain HTTP; to check a TLS port use tcp: HOST:443")]
    [InlineData("ftp://198.19.255.1/", "the scheme ftp is not supported; use http://")]
    [InlineData("/health", "\"/health\" is not an absolute URL such as http://198.51.100.7/health")]
    public void A_url_target_is_plain_http(string url, string message)
    {
        Errors($"    probe: {{url: \"{url}\"}}").Should().Equal($"test.yaml:14:18: spec.health.probe.url: {message}");
    }

    [Fact]
    public void A_url_with_credentials_is_refused_without_repeating_them()
    {
        var errors = Errors("    probe: {url: \"http://admin:hunter2@198.19.255.1/\"}");

        errors.Should().Equal("test.yaml:14:18: spec.health.probe.url: must not hold credentials (user:password@); the probe sends none");
        string.Concat(errors).Should().NotContain("hunter2");
    }

    [Theory]
    [InlineData("http://198.19.255.1/")]
    [InlineData("http://198.19.255.1:8080/health?deep=1")]
    [InlineData("http://[2001:db8::1]/")]
    [InlineData("http://whoami.lab/tunmux-probe")]
    public void Plain_http_urls_are_valid(string url)
    {
        Errors($"    probe: {{url: \"{url}\"}}").Should().BeEmpty();
    }

    [Fact]
    public void The_timeout_must_fit_in_the_interval()
    {
        Errors("    probe: {tcp: \"198.19.255.1:80\", interval: 2s, timeout: 3s}").Should().Equal(
            "test.yaml:14:60: spec.health.probe.timeout: 3s is longer than the interval (2s): a probe must end before the next is due");
    }

    [Fact]
    public void Intervals_and_timeouts_have_floors()
    {
        Errors("    probe: {tcp: \"198.19.255.1:80\", interval: 500ms, timeout: 50ms}").Should().Equal(
            "test.yaml:14:47: spec.health.probe.interval: 500ms is too short: at least 1s",
            "test.yaml:14:63: spec.health.probe.timeout: 50ms is too short: at least 100ms");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void The_failure_threshold_is_between_1_and_100(int threshold)
    {
        Errors($"    probe: {{tcp: \"198.19.255.1:80\", failureThreshold: {threshold}}}").Should().ContainSingle()
            .Which.Should().EndWith($"spec.health.probe.failureThreshold: {threshold} is out of range: 1-100");
    }

    [Fact]
    public void A_handshake_limit_below_two_minutes_and_ten_seconds_is_refused()
    {
        Errors("    handshakeMaxAge: 60s").Should().Equal(
            "test.yaml:14:22: spec.health.handshakeMaxAge: 1m is too short: at least 2m10s, because WireGuard renews a handshake only every 2 minutes");
        Errors("    handshakeMaxAge: 2m10s").Should().BeEmpty();
    }
}
