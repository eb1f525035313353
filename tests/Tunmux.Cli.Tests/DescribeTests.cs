namespace Tunmux.Cli.Tests;

/// <summary>`tunmux describe`: spec summary without secrets, conditions, events.</summary>
public sealed class DescribeTests : IDisposable
{
    private const string ClientKey = "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    private readonly CliHarness _cli = new();

    public DescribeTests() => _cli.Host.Clock = new Testing.ManualClock(CliHarness.Now - TimeSpan.FromSeconds(30));

    public void Dispose() => _cli.Dispose();

    private async Task ApplyAsync() =>
        (await _cli.RunAsync("apply", "-f", _cli.Write("lab.yaml", Manifests.TwoExits))).Should().Be(0, _cli.Stderr);

    [Fact]
    public async Task A_tunnel_is_described_with_its_spec_conditions_and_events()
    {
        await ApplyAsync();

        (await _cli.RunAsync("describe", "tunnel", "lab-1")).Should().Be(0, _cli.Stderr);

        var text = _cli.Stdout;
        text.Should().MatchRegex(@"(?m)^Name:\s+lab-1$").And.MatchRegex(@"(?m)^Kind:\s+Tunnel$")
            .And.MatchRegex(@"(?m)^Addresses:\s+10\.66\.1\.2/32$").And.MatchRegex(@"(?m)^Server:\s+198\.18\.1\.2:51820$")
            .And.MatchRegex(@"(?m)^Handshake:\s+30s ago$").And.MatchRegex(@"(?m)^Proxies:\s+lab-1$");
        text.Should().MatchRegex(@"(?m)^\s+1\s+198\.18\.1\.2:51820\s+xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\s+0\.0\.0\.0/0\s+-\s+no\s+yes\s*$");
        text.Should().Contain("Conditions:").And.MatchRegex(@"(?m)^\s+TYPE\s+STATUS\s+REASON\s+MESSAGE\s+LAST-TRANSITION$")
            .And.MatchRegex(@"(?m)^\s+Ready\s+True\s+Ready\s+the tunnel is up and its 1 proxies listen\s+unknown\s*$")
            .And.MatchRegex(@"(?m)^\s+TunnelUp\s+True\s+Connected\s+connected through peer 1 at 198\.18\.1\.2:51820\s+unknown\s*$");
        text.Should().Contain("Events: <none> (events are kept by the daemon; none runs)");
        text.Should().NotContain(ClientKey, "describe never shows a key");
    }

    [Fact]
    public async Task A_probed_tunnel_shows_its_probe_and_handshake_limit()
    {
        var manifest = Manifests.TwoExits.Replace(
            "      allowedIPs: [0.0.0.0/0]\n---",
            "      allowedIPs: [0.0.0.0/0]\n  health:\n    handshakeMaxAge: 4m\n    probe: {tcp: \"198.19.255.1:80\", interval: 10s}\n---",
            StringComparison.Ordinal);
        (await _cli.RunAsync("apply", "-f", _cli.Write("lab.yaml", manifest))).Should().Be(0, _cli.Stderr);

        (await _cli.RunAsync("describe", "tunnel", "lab-1")).Should().Be(0, _cli.Stderr);

        _cli.Stdout.Should().MatchRegex(@"(?m)^Handshake limit:\s+4m$")
            .And.MatchRegex(@"(?m)^Probe:\s+tcp 198\.19\.255\.1:80 every 10s \(daemon only\), timeout 5s, unhealthy after 3 failures in a row$");
    }

    [Fact]
    public async Task A_broken_tunnel_shows_why_in_its_conditions()
    {
        await ApplyAsync();
        _cli.Host.Namespaces.Remove("tunmux_lab-2");

        (await _cli.RunAsync("describe", "tunnel", "lab-2")).Should().Be(0, _cli.Stderr);

        _cli.Stdout.Should().MatchRegex(@"(?m)^\s+Ready\s+False\s+NamespaceIsMissing\s+the tunnel is broken: namespace is missing")
            .And.MatchRegex(@"(?m)^\s+Degraded\s+True\s+NamespaceIsMissing");
    }

    [Fact]
    public async Task A_proxy_is_described_with_its_listeners_connections_and_conditions()
    {
        await ApplyAsync();
        foreach (var pid in _cli.Host.LivePids)
        {
            _cli.Host.ProxyConnections[pid] = (2, 9);
        }

        (await _cli.RunAsync("describe", "proxy", "lab-1")).Should().Be(0, _cli.Stderr);

        _cli.Stdout.Should().MatchRegex(@"(?m)^SOCKS:\s+127\.0\.0\.1:1080$").And.MatchRegex(@"(?m)^Tunnel:\s+lab-1$")
            .And.MatchRegex(@"(?m)^Connections:\s+2 open, 9 since the worker started$")
            .And.MatchRegex(@"(?m)^\s+ProxyListening\s+True\s+Listening")
            .And.MatchRegex(@"(?m)^\s+TunnelUp\s+True\s+Connected\s+tunnel lab-1: connected through peer 1");
    }

    [Fact]
    public async Task Describing_an_unknown_object_is_an_error()
    {
        await ApplyAsync();

        (await _cli.RunAsync("describe", "proxy", "nope")).Should().Be(2);
        _cli.Stderr.Should().Contain("proxy nope not found");
    }
}
