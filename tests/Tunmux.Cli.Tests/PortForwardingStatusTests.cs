using System.Text.Json.Nodes;
using Tunmux.Core.PortForwarding;

namespace Tunmux.Cli.Tests;

/// <summary>
/// Issue #5: the forwarded port in get (table, wide, yaml, json) and describe, as a person and a
/// script see it; the hook's arguments never appear.
/// </summary>
public sealed class PortForwardingStatusTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public PortForwardingStatusTests() => _cli.Host.Clock = new Testing.ManualClock(CliHarness.Now);

    public void Dispose() => _cli.Dispose();

    private async Task ApplyAsync(ForwardedPortState? reported)
    {
        (await _cli.RunAsync("apply", "-f", _cli.Write("lab.yaml", Manifests.TwoExitsFirstForwarding))).Should().Be(0, _cli.Stderr);
        if (reported is not null)
        {
            _cli.Host.PortStates["lab-1"] = reported;
        }
    }

    private static ForwardedPortState Holding(int port) => new()
    {
        Tunnel = "lab-1",
        Port = port,
        PreviousPort = 39000,
        RenewedAt = CliHarness.Now.AddSeconds(-10),
        ExpiresAt = CliHarness.Now.AddSeconds(50),
        HookedPort = port,
    };

    [Fact]
    public async Task Get_tunnels_as_json_carries_the_port_and_the_hook_program_only()
    {
        await ApplyAsync(Holding(41000));

        (await _cli.RunAsync("get", "tunnels", "-o", "json")).Should().Be(0, _cli.Stderr);

        var items = JsonNode.Parse(_cli.Stdout)!["items"]!.AsArray();
        var forwarding = items[0]!["status"]!["portForwarding"]!;
        forwarding["state"]!.GetValue<string>().Should().Be("Forwarding");
        forwarding["port"]!.GetValue<int>().Should().Be(41000);
        forwarding["previousPort"]!.GetValue<int>().Should().Be(39000);
        forwarding["hook"]!.GetValue<string>().Should().Be("/usr/local/bin/port-changed");
        forwarding["keeperPid"]!.GetValue<int>().Should().BePositive();
        items[1]!["status"]!["portForwarding"].Should().BeNull("lab-2 forwards nothing");
        items[0]!["status"]!.ToJsonString().Should().NotContain("hunter2", "status shows the hook's program, never its arguments");
    }

    [Fact]
    public async Task Get_tunnels_as_yaml_shows_the_port_under_status()
    {
        await ApplyAsync(Holding(41000));

        (await _cli.RunAsync("get", "tunnels", "lab-1", "-o", "yaml")).Should().Be(0, _cli.Stderr);

        _cli.Stdout.Should().MatchRegex(@"(?m)^  portForwarding:\n(    \w+: .*\n)*    port: 41000$")
            .And.Contain("portForwarding: true", "the spec is shown as written");
    }

    [Fact]
    public async Task The_wide_table_has_a_port_column()
    {
        await ApplyAsync(Holding(41000));

        (await _cli.RunAsync("get", "tunnels", "-o", "wide")).Should().Be(0, _cli.Stderr);

        var lines = _cli.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex(@"\sENDPOINT\s+PORT\s+RX\s");
        lines[1].Should().MatchRegex(@"^lab-1\s.*\s198\.18\.1\.2:51820\s+41000\s+0 B");
        lines[2].Should().MatchRegex(@"^lab-2\s.*\s198\.18\.2\.2:51820\s+-\s+0 B");
    }

    [Fact]
    public async Task Describe_says_when_the_port_was_renewed_and_when_it_expires()
    {
        await ApplyAsync(Holding(41000));

        (await _cli.RunAsync("describe", "tunnel", "lab-1")).Should().Be(0, _cli.Stderr);

        _cli.Stdout.Should().MatchRegex(@"(?m)^Forwarded port:\s+41000 \(renewed 10s ago, expires in 50s\)$")
            .And.MatchRegex(@"(?m)^Previous port:\s+39000$")
            .And.MatchRegex(@"(?m)^Port keeper:\s+pid \d+$")
            .And.MatchRegex(@"(?m)^Port hook:\s+/usr/local/bin/port-changed$")
            .And.NotContain("hunter2");
    }

    [Fact]
    public async Task Describe_explains_a_failing_mapping_and_a_failing_hook()
    {
        await ApplyAsync(new ForwardedPortState
        {
            Tunnel = "lab-1",
            Failures = 3,
            LastError = "the NAT-PMP gateway 10.2.0.1:5351 did not answer after 5 tries; is port forwarding enabled on this server (P2P)?",
            HookError = "/usr/local/bin/port-changed exited with code 2",
        });

        (await _cli.RunAsync("describe", "tunnel", "lab-1")).Should().Be(0, _cli.Stderr);

        _cli.Stdout.Should().MatchRegex(@"(?m)^Forwarded port:\s+failing$")
            .And.MatchRegex(@"(?m)^Port mapping:\s+failing \(3 in a row\): the NAT-PMP gateway 10\.2\.0\.1:5351 did not answer")
            .And.MatchRegex(@"(?m)^Port hook:\s+/usr/local/bin/port-changed \(last run failed: /usr/local/bin/port-changed exited with code 2\)$");
        (await _cli.RunAsync("status")).Should().Be(0);
        _cli.Stdout.Split('\n')[1].Should().MatchRegex(@"^lab-1\s.*127\.0\.0\.1:8118\s+-\s", "no port while none is held");
    }

    [Fact]
    public async Task The_plan_names_the_keeper_and_hides_the_hook_arguments()
    {
        (await _cli.RunAsync("diff", "-f", _cli.Write("lab.yaml", Manifests.TwoExitsFirstForwarding))).Should().Be(1, _cli.Stderr);

        _cli.Stdout.Should().Contain("+ portforward/lab-1: create (declared, not present)")
            .And.Contain("hook: /usr/local/bin/port-changed (2 arguments)")
            .And.NotContain("hunter2");
    }
}
