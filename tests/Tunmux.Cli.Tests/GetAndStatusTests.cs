using System.Text.Json.Nodes;

namespace Tunmux.Cli.Tests;

public sealed class GetAndStatusTests : IDisposable
{
    private readonly CliHarness _cli = new();

    /// <summary>The fake host's clock agrees with the command's: a live peer's handshake is "now".</summary>
    public GetAndStatusTests() => _cli.Host.Clock = new Testing.ManualClock(CliHarness.Now);

    public void Dispose() => _cli.Dispose();

    private async Task ApplyTwoExits() =>
        (await _cli.RunAsync("apply", "-f", _cli.Write("lab.yaml", Manifests.TwoExits))).Should().Be(0, _cli.Stderr);

    [Fact]
    public async Task Status_shows_one_row_per_tunnel_with_its_listeners()
    {
        await ApplyTwoExits();
        (await _cli.RunAsync("status")).Should().Be(0);
        var lines = _cli.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        lines[0].Should().MatchRegex(@"^NAME\s+PROVIDER\s+SERVER\s+MODE\s+SOCKS\s+HTTP\s+PORT\s+HANDSHAKE\s+RX\s+TX\s+READY\s+AGE\s+REASON$");
        lines[1].Should().MatchRegex(@"^lab-1\s+wireguard\s+198\.18\.1\.2:51820\s+proxy\s+127\.0\.0\.1:1080\s+127\.0\.0\.1:8118\s+-\s+0s\s+0 B\s+0 B\s+True\s+0s\s+Ready$");
        lines[2].Should().MatchRegex(@"^lab-2\s+wireguard\s+198\.18\.2\.2:51820\s+proxy\s+127\.0\.0\.1:1081\s+127\.0\.0\.1:8119\s+-\s+0s\s+0 B\s+0 B\s+True\s+0s\s+Ready$");
    }

    [Fact]
    public async Task Status_observes_the_host_each_time()
    {
        await ApplyTwoExits();
        _cli.Host.Namespaces.Remove("tunmux_lab-2");
        await _cli.RunAsync("status");
        _cli.Stdout.Should().MatchRegex(@"lab-2\s.*False\s+\S+\s+NamespaceIsMissing");
    }

    [Fact]
    public async Task Get_proxies_as_json_includes_spec_and_status()
    {
        await ApplyTwoExits();
        (await _cli.RunAsync("get", "proxies", "-o", "json")).Should().Be(0);
        var items = JsonNode.Parse(_cli.Stdout)!["items"]!.AsArray();
        items.Should().HaveCount(2);
        items[0]!["kind"]!.GetValue<string>().Should().Be("Proxy");
        items[0]!["status"]!["ready"]!.GetValue<bool>().Should().BeTrue();
        items[0]!["status"]!["socks"]!.GetValue<string>().Should().Be("127.0.0.1:1080");
        items[1]!["status"]!["pid"]!.GetValue<int>().Should().BePositive();
    }

    [Fact]
    public async Task Get_one_tunnel_as_yaml_shows_that_tunnel_only()
    {
        await ApplyTwoExits();
        (await _cli.RunAsync("get", "tunnels", "lab-2", "-o", "yaml")).Should().Be(0);
        _cli.Stdout.Should().Contain("name: lab-2").And.NotContain("name: lab-1").And.Contain("reason: Ready");
    }

    [Fact]
    public async Task Get_wide_adds_namespace_and_interface_columns()
    {
        await ApplyTwoExits();
        await _cli.RunAsync("get", "tunnels", "-o", "wide");
        _cli.Stdout.Should().Contain("NAMESPACE").And.Contain("tunmux_lab-1").And.Contain("wg-lab-1");
    }

    [Fact]
    public async Task Get_wide_shows_who_declared_each_object()
    {
        // Applied here as root (no daemon answers): root owns them.
        await ApplyTwoExits();

        await _cli.RunAsync("get", "tunnels", "-o", "wide");
        var tunnels = _cli.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        await _cli.RunAsync("get", "proxies", "-o", "wide");
        var proxies = _cli.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();

        tunnels[0].Should().MatchRegex(@"\sOWNER$");
        tunnels[1].Should().MatchRegex(@"^lab-1\s.*\s0$");
        proxies[0].Should().MatchRegex(@"\sOWNER\s+PID\s+CONNS$");
    }

    [Fact]
    public async Task Get_proxies_shows_the_connections_each_worker_published()
    {
        await ApplyTwoExits();
        foreach (var pid in _cli.Host.LivePids)
        {
            _cli.Host.ProxyConnections[pid] = (3, 17);
        }

        await _cli.RunAsync("get", "proxies", "-o", "wide");
        var lines = _cli.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        lines[0].Should().MatchRegex(@"\sPID\s+CONNS$");
        lines[1].Should().MatchRegex(@"^lab-1\s.*\s\d+\s+3$");

        await _cli.RunAsync("get", "proxies", "lab-1", "-o", "json");
        var status = JsonNode.Parse(_cli.Stdout)!["status"]!;
        (status["activeConnections"]!.GetValue<long>(), status["totalConnections"]!.GetValue<long>()).Should().Be((3, 17));
    }

    [Fact]
    public async Task Get_proxies_shows_a_dash_when_a_worker_published_no_connections()
    {
        await ApplyTwoExits();

        await _cli.RunAsync("get", "proxies", "-o", "wide");

        _cli.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].TrimEnd().Should().EndWith("-");
    }

    [Fact]
    public async Task Get_an_unknown_name_is_an_error()
    {
        await ApplyTwoExits();
        (await _cli.RunAsync("get", "tunnels", "nope")).Should().Be(2);
        _cli.Stderr.Should().Contain("tunnel nope not found");
    }

    [Fact]
    public async Task Status_on_an_empty_host_says_how_to_start()
    {
        (await _cli.RunAsync("status")).Should().Be(0);
        _cli.Stdout.Should().Contain("tunmux apply -f");
    }
}
