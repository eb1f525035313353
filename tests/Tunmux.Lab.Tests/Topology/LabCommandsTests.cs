using Tunmux.Lab;
using Tunmux.Linux.Commands;

namespace Tunmux.Lab.Tests.Topology;

public sealed class LabCommandsTests
{
    private static string Line(HostCommand command) => string.Join(' ', command.Argv);

    private static IEnumerable<HostCommand> EveryBuildCommand(LabOptions options)
    {
        var commands = new List<HostCommand> { LabCommands.AddNamespace(LabNames.NetNamespace(options)) };
        commands.AddRange(LabCommands.PrepareNet(options));
        commands.Add(LabCommands.AddHostLink(options));
        commands.AddRange(LabCommands.ConfigureHostLink(options));
        commands.Add(LabCommands.AddHostRoute(options));
        commands.Add(LabCommands.AddHostRoute6(options));
        for (var exit = 1; exit <= options.Exits; exit++)
        {
            commands.Add(LabCommands.AddNamespace(LabNames.ExitNamespace(options, exit)));
            commands.AddRange(LabCommands.BuildExitNetwork(options, exit));
            commands.Add(LabCommands.ShowServerInterface(options, exit));
            commands.Add(LabCommands.SetServerConfig(options, exit, "[Interface]\n"));
            commands.AddRange(LabCommands.RaiseServerInterface(options, exit));
        }

        return commands;
    }

    [Fact]
    public void On_a_real_host_the_lab_adds_one_link_and_one_route_per_family_for_its_own_range()
    {
        var options = TestOptions.Default();

        var hostSide = EveryBuildCommand(options).Select(Line)
            .Where(line => line.StartsWith("ip ", StringComparison.Ordinal) && !line.StartsWith("ip -n ", StringComparison.Ordinal) && !line.StartsWith("ip netns ", StringComparison.Ordinal))
            .ToList();

        hostSide.Should().Equal(
            "ip link add tmxlhost type veth peer name tohost netns tmuxlab_net",
            "ip addr add 198.19.0.1/30 dev tmxlhost",
            "ip addr add 2001:2:0:ffff::1/64 dev tmxlhost nodad",
            "ip link set tmxlhost up",
            "ip route add 198.18.0.0/15 via 198.19.0.2 dev tmxlhost",
            "ip -6 route add 2001:2::/48 via 2001:2:0:ffff::2 dev tmxlhost");
    }

    [Fact]
    public void With_a_host_namespace_nothing_runs_in_the_callers_own_namespace()
    {
        var options = TestOptions.InSandbox();

        var lines = EveryBuildCommand(options).Select(Line).ToList();

        lines.Should().OnlyContain(line => line.StartsWith("ip -n ", StringComparison.Ordinal) || line.StartsWith("ip netns ", StringComparison.Ordinal));
        lines.Where(line => line.StartsWith("ip -n tmxsb1234 ", StringComparison.Ordinal)).Should().Equal(
            "ip -n tmxsb1234 link add w1234Lhost type veth peer name tohost netns tml1234_net",
            "ip -n tmxsb1234 addr add 198.19.0.1/30 dev w1234Lhost",
            "ip -n tmxsb1234 addr add 2001:2:0:ffff::1/64 dev w1234Lhost nodad",
            "ip -n tmxsb1234 link set w1234Lhost up",
            "ip -n tmxsb1234 route add 198.18.0.0/15 via 198.19.0.2 dev w1234Lhost",
            "ip -n tmxsb1234 -6 route add 2001:2::/48 via 2001:2:0:ffff::2 dev w1234Lhost");
        lines.Where(line => line.StartsWith("ip netns exec ", StringComparison.Ordinal))
            .Should().OnlyContain(line => line.StartsWith("ip netns exec tml1234_", StringComparison.Ordinal));
    }

    [Fact]
    public void The_internet_namespace_carries_the_service_address_and_forwards()
    {
        LabCommands.PrepareNet(TestOptions.Default()).Select(Line).Should().Equal(
            "ip -n tmuxlab_net link set lo up",
            "ip -n tmuxlab_net addr add 198.19.255.1/32 dev lo",
            "ip -n tmuxlab_net addr add 2001:2:0:ff00::1/128 dev lo",
            "ip netns exec tmuxlab_net sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1");
    }

    [Fact]
    public void An_exit_gets_its_link_public_address_default_route_and_nat()
    {
        var commands = LabCommands.BuildExitNetwork(TestOptions.Default(), 2);

        commands.Select(Line).Should().Equal(
            "ip -n tmuxlab_exit2 link set lo up",
            "ip netns exec tmuxlab_exit2 sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1",
            "ip -n tmuxlab_net link add exit2 type veth peer name uplink netns tmuxlab_exit2",
            "ip -n tmuxlab_net addr add 198.18.2.1/30 dev exit2",
            "ip -n tmuxlab_net link set exit2 up",
            "ip -n tmuxlab_net addr add 2001:2:0:2::1/64 dev exit2 nodad",
            "ip -n tmuxlab_exit2 addr add 198.18.2.2/30 dev uplink",
            "ip -n tmuxlab_exit2 addr add 2001:2:0:2::2/64 dev uplink nodad",
            "ip -n tmuxlab_exit2 link set uplink up",
            "ip -n tmuxlab_exit2 route add default via 198.18.2.1",
            "ip -n tmuxlab_exit2 -6 route add default via 2001:2:0:2::1",
            "ip netns exec tmuxlab_exit2 nft -f -");
        commands[^1].StandardInput.Should().Be(LabCommands.NatRuleset("uplink"));
    }

    [Fact]
    public void The_nat_ruleset_masquerades_only_what_leaves_through_the_uplink_and_replaces_itself()
    {
        var ruleset = LabCommands.NatRuleset("uplink");

        ruleset.Should().Be(
            "table inet tunmux_lab {}\n" +
            "delete table inet tunmux_lab\n" +
            "table inet tunmux_lab {\n" +
            "    chain post {\n" +
            "        type nat hook postrouting priority 100; policy accept;\n" +
            "        oifname \"uplink\" masquerade\n" +
            "    }\n" +
            "}\n");
    }

    [Fact]
    public void Keys_reach_wg_only_through_secret_standard_input()
    {
        var pubkey = LabCommands.PublicKeyOf("PRIVATE");
        var setconf = LabCommands.SetServerConfig(TestOptions.Default(), 1, "[Interface]\nPrivateKey = PRIVATE\n");

        pubkey.Argv.Should().Equal("wg", "pubkey");
        pubkey.InputIsSecret.Should().BeTrue();
        pubkey.StandardInput.Should().Be("PRIVATE\n");
        setconf.Argv.Should().Equal("ip", "netns", "exec", "tmuxlab_exit1", "wg", "setconf", "tmxls1", "/dev/stdin");
        setconf.InputIsSecret.Should().BeTrue();
        setconf.ToString().Should().NotContain("PRIVATE");
        pubkey.ToString().Should().NotContain("PRIVATE");
    }

    [Fact]
    public void The_server_interface_gets_the_tunnel_address_and_comes_up()
    {
        LabCommands.RaiseServerInterface(TestOptions.Default(), 1).Select(Line).Should().Equal(
            "ip -n tmuxlab_exit1 addr add 10.66.1.1/24 dev tmxls1",
            "ip -n tmuxlab_exit1 addr add fd66:1::1/64 dev tmxls1 nodad",
            "ip -n tmuxlab_exit1 link set tmxls1 up");
        LabCommands.WireGuardServerArgv(TestOptions.Default(), 1).Should().Equal("wireguard-go", "-f", "tmxls1");
    }

    [Fact]
    public void Dns_answers_lab_names_only_on_the_service_address_and_logs_queries_to_the_lab_directory()
    {
        var argv = LabCommands.DnsServerArgv(TestOptions.Default(exits: 2));

        argv[0].Should().Be("dnsmasq");
        argv.Should().Contain(
        [
            "--keep-in-foreground", "--no-resolv", "--no-hosts", "--bind-interfaces", "--conf-file=/dev/null",
            "--listen-address=198.19.255.1", "--local=/lab/",
            "--address=/whoami.lab/198.19.255.1", "--address=/exit1.lab/198.18.1.2", "--address=/exit2.lab/198.18.2.2",
            "--log-queries", "--log-facility=/var/lib/tunmux/lab/dnsmasq.log",
        ]);
        argv.Should().NotContain(a => a.Contains("exit3", StringComparison.Ordinal));
    }

    [Fact]
    public void Whoami_runs_through_the_self_command_on_port_80_of_the_service_address()
    {
        var options = TestOptions.Default() with { SelfCommand = ["dotnet", "/opt/tunmux/tunmux.dll"] };

        LabCommands.WhoamiServerArgv(options).Should().Equal(
            "dotnet", "/opt/tunmux/tunmux.dll", "lab", "whoami", "--listen", "198.19.255.1:80", "--log", "/var/lib/tunmux/lab/whoami.log");
    }

    [Fact]
    public void Teardown_commands_name_the_recorded_objects_in_the_recorded_host_namespace()
    {
        Line(LabCommands.DeleteHostLink("tmxsb1234", "w1234Lhost")).Should().Be("ip -n tmxsb1234 link del w1234Lhost");
        Line(LabCommands.DeleteHostLink(null, "tmxlhost")).Should().Be("ip link del tmxlhost");
        Line(LabCommands.DeleteHostRoute(null, "198.18.0.0/15", "198.19.0.2", "tmxlhost")).Should().Be("ip route del 198.18.0.0/15 via 198.19.0.2 dev tmxlhost");
        Line(LabCommands.ListListeners("tmuxlab_net", udp: true, 53)).Should().Be("ip netns exec tmuxlab_net ss -H -lun sport = :53");
    }
}
