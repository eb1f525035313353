using Tunmux.Core.Model;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.Driver;

public sealed class CreateTunnelTests : IDisposable
{
    private readonly DriverFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Userspace_tunnel_is_built_with_exactly_these_commands_in_this_order()
    {
        await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Userspace), CancellationToken.None);

        _fixture.Runner.Lines.Should().Equal(
            "ip netns add tunmux_alpha",
            "ip -n tunmux_alpha link set lo up",
            "wg setconf wg-alpha /dev/stdin",
            "ip link set wg-alpha netns tunmux_alpha",
            "ip -n tunmux_alpha addr add 10.2.0.2/32 dev wg-alpha",
            "ip -n tunmux_alpha link set wg-alpha up",
            "ip -n tunmux_alpha route add default dev wg-alpha",
            "ip -n tunmux_alpha -6 route add unreachable default");
    }

    [Fact]
    public async Task Userspace_tunnel_starts_wireguard_go_in_the_foreground_in_the_host_namespace_with_its_own_log()
    {
        var record = await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Userspace), CancellationToken.None);

        var started = _fixture.Launcher.Started.Should().ContainSingle().Subject;
        started.Argv.Should().Equal(_fixture.Host.WireGuardGo, "-f", "wg-alpha");
        started.InNamespace.Should().BeNull();
        started.Environment.Should().Contain("WG_PROCESS_FOREGROUND", "1");
        started.LogFile.Should().Be(Path.Combine(_fixture.Host.RunDir, "wireguard", "wg-alpha.log"));
        record.WireGuardProcess.Should().Be(started.Process);
    }

    [Fact]
    public async Task Auto_backend_falls_back_to_wireguard_go_when_the_kernel_lacks_WireGuard()
    {
        var record = await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Auto), CancellationToken.None);

        record.Backend.Should().Be(BackendKind.Userspace);
        _fixture.Runner.Lines.First().Should().Be("modprobe -q wireguard");
        _fixture.Launcher.Started.Should().ContainSingle();
    }

    [Fact]
    public async Task Record_names_the_namespace_interface_spec_hash_and_creation_time()
    {
        var tunnel = Samples.Tunnel();

        var record = await _fixture.Driver.CreateTunnelAsync(tunnel, CancellationToken.None);

        record.Name.Should().Be("alpha");
        record.Namespace.Should().Be("tunmux_alpha");
        record.Interface.Should().Be("wg-alpha");
        record.SpecHash.Should().Be(tunnel.SpecHash);
        record.CreatedAt.Should().Be(_fixture.Time.GetUtcNow());
    }

    [Fact]
    public async Task Record_keeps_the_providers_server_name_for_status()
    {
        var record = await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel() with { Server = "CH#12" }, CancellationToken.None);

        record.Server.Should().Be("CH#12");
    }

    [Fact]
    public async Task Keys_reach_wg_only_as_secret_standard_input()
    {
        await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(), CancellationToken.None);

        var setconf = _fixture.Runner.Commands.Single(command => command.Argv.Contains("setconf"));
        setconf.InputIsSecret.Should().BeTrue();
        setconf.StandardInput.Should().Contain(Samples.PrivateKey).And.Contain(Samples.PresharedKey);
        foreach (var command in _fixture.Runner.Commands)
        {
            string.Join(' ', command.Argv).Should().NotContain(Samples.PrivateKey).And.NotContain(Samples.PresharedKey);
            command.ToString().Should().NotContain(Samples.PrivateKey).And.NotContain(Samples.PresharedKey);
        }

        _fixture.Launcher.Started.SelectMany(started => started.Argv.Concat(started.Environment.Values))
            .Should().NotContain(value => value.Contains(Samples.PrivateKey));
    }

    [Fact]
    public async Task Nothing_logged_while_building_holds_a_key()
    {
        await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(), CancellationToken.None);

        _fixture.Logger.Lines.Should().NotBeEmpty();
        _fixture.Logger.Lines.Should().NotContain(line => line.Contains(Samples.PrivateKey) || line.Contains(Samples.PresharedKey));
    }

    [Fact]
    public async Task An_IPv6_address_gets_an_IPv6_default_route_through_the_tunnel()
    {
        await _fixture.Driver.CreateTunnelAsync(
            Samples.Tunnel(addresses: ["10.5.0.1/32", "fd7d:76ee:e68f:a993::1/128"]), CancellationToken.None);

        _fixture.Runner.Lines.Should().ContainInOrder(
            "ip -n tunmux_alpha addr add 10.5.0.1/32 dev wg-alpha",
            "ip -n tunmux_alpha addr add fd7d:76ee:e68f:a993::1/128 dev wg-alpha",
            "ip -n tunmux_alpha link set wg-alpha up",
            "ip -n tunmux_alpha route add default dev wg-alpha",
            "ip -n tunmux_alpha -6 route add default dev wg-alpha");
        _fixture.Runner.Lines.Should().NotContain(line => line.Contains("unreachable"));
    }

    [Fact]
    public async Task The_MTU_is_set_before_the_interface_comes_up()
    {
        await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(mtu: 1280), CancellationToken.None);

        _fixture.Runner.Lines.Should().ContainInOrder(
            "ip -n tunmux_alpha link set wg-alpha mtu 1280",
            "ip -n tunmux_alpha link set wg-alpha up");
    }

    [Fact]
    public async Task The_namespace_gets_a_resolv_conf_with_the_tunnels_DNS_servers()
    {
        await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(dns: ["10.2.0.1", "fd00::53"]), CancellationToken.None);

        var folder = _fixture.Host.Paths.EtcNetns("tunmux_alpha");
        var file = Path.Combine(folder, "resolv.conf");
        File.ReadAllLines(file).Where(line => !line.StartsWith('#')).Should().Equal("nameserver 10.2.0.1", "nameserver fd00::53");
        File.GetUnixFileMode(file).Should().Be((UnixFileMode)Convert.ToInt32("644", 8));
        File.GetUnixFileMode(folder).Should().Be((UnixFileMode)Convert.ToInt32("755", 8));
    }

    [Fact]
    public async Task A_stale_namespace_with_the_same_name_is_removed_first()
    {
        _fixture.Host.AddNamespace("tunmux_alpha");
        Directory.CreateDirectory(_fixture.Host.Paths.EtcNetns("tunmux_alpha"));
        _fixture.Runner.Answer("ip netns pids tunmux_alpha", "4242\n");
        var staleWorker = new Core.State.ProcessRef(4242, 99);
        _fixture.Launcher.Running[4242] = staleWorker;

        await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Userspace), CancellationToken.None);

        _fixture.Runner.Lines.Take(3).Should().Equal(
            "ip netns pids tunmux_alpha",
            "ip netns del tunmux_alpha",
            "ip netns add tunmux_alpha");
        _fixture.Launcher.Stopped.Should().Contain(staleWorker);
    }

    [Fact]
    public async Task A_long_tunnel_name_gives_an_interface_name_of_at_most_15_bytes()
    {
        var record = await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(name: "a-very-long-tunnel-name"), CancellationToken.None);

        record.Namespace.Should().Be("tunmux_a-very-long-tunnel-name");
        record.Interface.Length.Should().BeLessThanOrEqualTo(15);
        _fixture.Runner.Lines.Should().Contain($"ip link set {record.Interface} netns tunmux_a-very-long-tunnel-name");
    }

    [Fact]
    public async Task Direct_mode_is_refused_before_anything_is_built()
    {
        var direct = Samples.Tunnel() with { Mode = TunnelMode.Direct };

        var act = () => _fixture.Driver.CreateTunnelAsync(direct, CancellationToken.None);

        await act.Should().ThrowAsync<NotSupportedException>().WithMessage("*mode Direct*");
        _fixture.Runner.Commands.Should().BeEmpty();
    }
}
