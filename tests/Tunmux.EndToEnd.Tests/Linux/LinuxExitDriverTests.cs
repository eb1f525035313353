using Tunmux.EndToEnd.Tests.Apply;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Core.State;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Linux;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Netns;
using Tunmux.Linux.Processes;

namespace Tunmux.EndToEnd.Tests.Linux;

/// <summary>
/// The real driver with wireguard-go, run against a sandbox namespace that plays the host
/// (LinuxDriverOptions.HostNamespace), talking to a WireGuard exit in another namespace.
/// </summary>
// Classes that enter namespaces on threads of this process, or check every thread's namespace,
// run one at a time: one class's short-lived setns thread must never be counted by another's check.
[Collection(EndToEndCollection.Name)]
public sealed class LinuxExitDriverTests : IAsyncLifetime
{
    private Sandbox _sandbox = null!;
    private TestExit _exit = null!;
    private LinuxExitDriver _driver = null!;
    private LinuxDriverOptions _options = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await Sandbox.CreateAsync();
        _exit = await TestExit.StartAsync(_sandbox);
        _options = new LinuxDriverOptions
        {
            Naming = new HostNaming(_sandbox.NamespacePrefix, _sandbox.InterfacePrefix),
            RunDir = _sandbox.RunDir,
            SelfCommand = ["/bin/false"],
            HostNamespace = _sandbox.Name,
        };
        _driver = new LinuxExitDriver(_options, new ProcessCommandRunner());
    }

    public async Task DisposeAsync()
    {
        await _exit.StopAsync();
        await _sandbox.DisposeAsync();
    }

    private DesiredTunnel Tunnel(string name = "t1") =>
        new(name, "wireguard", TunnelMode.Proxy, BackendKind.Auto, new WireGuardConfig(
            new Secret(_exit.ClientPrivateKey),
            [TestExit.ClientAddress + "/32"],
            [TestExit.TunnelAddress],
            null,
            [new WireGuardPeer(_exit.PublicKey, TestExit.Endpoint, ["0.0.0.0/0", "::/0"], null, null)]));

    [RootFact]
    public async Task Traffic_from_the_tunnel_namespace_reaches_the_exit_through_wireguard_go()
    {
        var record = await _driver.CreateTunnelAsync(Tunnel(), CancellationToken.None);
        try
        {
            record.Backend.Should().Be(BackendKind.Userspace, "this machine has no kernel WireGuard");
            var (client, seenFrom) = await RoundTripAsync(record);

            client.EnsureSuccess("socat through the tunnel").Stdout.Should().Be("hello from the exit\n");
            seenFrom.Should().Be(IPAddress.Parse(TestExit.ClientAddress), "the exit sees the tunnel address");
        }
        finally
        {
            await _driver.DeleteTunnelAsync(record, CancellationToken.None);
        }
    }

    [RootFact]
    public async Task The_built_tunnel_is_observed_whole_and_the_namespace_holds_only_loopback_and_the_tunnel()
    {
        var record = await _driver.CreateTunnelAsync(Tunnel(), CancellationToken.None);
        try
        {
            (await RoundTripAsync(record)).Client.EnsureSuccess("socat through the tunnel");

            var facts = _driver.InspectTunnel(record);

            facts.BrokenReason.Should().BeNull();
            facts.PublicKey.Should().Be(_exit.ClientPublicKey);
            facts.PeerEndpoint.Should().Be(TestExit.Endpoint);
            facts.LatestHandshake.Should().NotBeNull();
            facts.RxBytes.Should().BePositive();
            facts.TxBytes.Should().BePositive();
            _driver.ListNamespaces(_sandbox.NamespacePrefix).Should().Equal(record.Namespace);

            var links = (await Run.ProgramAsync(["ip", "-n", record.Namespace, "-o", "link", "show"])).EnsureSuccess("ip link").Stdout;
            links.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(':')[1].Trim())
                .Should().BeEquivalentTo(["lo", record.Interface]);
            var resolv = (await Run.ProgramAsync(["ip", "netns", "exec", record.Namespace, "cat", "/etc/resolv.conf"])).EnsureSuccess("cat").Stdout;
            resolv.Should().Contain($"nameserver {TestExit.TunnelAddress}");
            var v6 = (await Run.ProgramAsync(["ip", "-n", record.Namespace, "-6", "route", "show", "default"])).EnsureSuccess("ip -6 route").Stdout;
            v6.Should().StartWith("unreachable default");
            (await Run.ProgramAsync(["ip", "-n", _sandbox.Name, "link", "show", record.Interface])).ExitCode
                .Should().NotBe(0, "the interface moved out of the host namespace");
        }
        finally
        {
            await _driver.DeleteTunnelAsync(record, CancellationToken.None);
        }
    }

    [RootFact]
    public async Task Deleting_the_tunnel_leaves_no_namespace_process_socket_or_file_behind()
    {
        var record = await _driver.CreateTunnelAsync(Tunnel(), CancellationToken.None);

        await _driver.DeleteTunnelAsync(record, CancellationToken.None);

        File.Exists(Path.Combine("/run/netns", record.Namespace)).Should().BeFalse();
        Directory.Exists(Path.Combine("/etc/netns", record.Namespace)).Should().BeFalse();
        File.Exists($"/var/run/wireguard/{record.Interface}.sock").Should().BeFalse();
        ProcStat.IsAlive(record.WireGuardProcess!).Should().BeFalse();
        _driver.InspectTunnel(record).BrokenReason.Should().Be("namespace is missing");
        await _driver.DeleteTunnelAsync(record, CancellationToken.None); // a second delete finds nothing and succeeds
    }

    [RootFact]
    public async Task When_wireguard_go_dies_the_namespace_has_no_way_out()
    {
        var record = await _driver.CreateTunnelAsync(Tunnel(), CancellationToken.None);
        try
        {
            await DetachedProcess.StopAsync(record.WireGuardProcess!, TimeSpan.FromSeconds(3), CancellationToken.None);

            var facts = _driver.InspectTunnel(record);
            facts.WireGuardProcessAlive.Should().BeFalse();
            facts.InterfaceExists.Should().BeFalse("a TUN device goes with its process");
            var attempt = await Run.ProgramAsync(["ip", "netns", "exec", record.Namespace, "socat", "-T", "3", "-", $"TCP:{TestExit.TunnelAddress}:9"],
                stdin: "x", timeout: TimeSpan.FromSeconds(30));
            attempt.ExitCode.Should().NotBe(0);
            attempt.Stderr.Should().Contain("Network is unreachable");
        }
        finally
        {
            await _driver.DeleteTunnelAsync(record, CancellationToken.None);
        }
    }

    [RootFact]
    public async Task A_failure_part_way_removes_everything_already_built()
    {
        var broken = Tunnel() with
        {
            WireGuard = Tunnel().WireGuard with { Peers = [new WireGuardPeer(_exit.PublicKey, "not-an-endpoint", ["0.0.0.0/0"], null, null)] },
        };

        var act = () => _driver.CreateTunnelAsync(broken, CancellationToken.None);

        (await act.Should().ThrowAsync<Tunmux.Linux.Build.TunnelBuildException>()).Which.Step.Should().Contain("wg setconf");
        (await _sandbox.OwnNamespacesAsync()).Should().Equal(_exit.Namespace);
        _sandbox.OwnWireGuardSockets().Should().Equal($"/var/run/wireguard/{_exit.Interface}.sock");
        var pids = (await Run.ProgramAsync(["ip", "netns", "pids", _sandbox.Name])).Stdout;
        pids.Should().BeEmpty("wireguard-go was stopped");
    }

    [RootFact]
    public async Task An_orphan_namespace_is_removed_and_its_wireguard_go_exits_with_its_interface()
    {
        var record = await _driver.CreateTunnelAsync(Tunnel(), CancellationToken.None);

        await _driver.DeleteOrphanNamespaceAsync(record.Namespace, CancellationToken.None);

        File.Exists(Path.Combine("/run/netns", record.Namespace)).Should().BeFalse();
        await Eventually.ThatAsync(() => Task.FromResult(!ProcStat.IsAlive(record.WireGuardProcess!)), TimeSpan.FromSeconds(30),
            "wireguard-go to exit once its interface went with the namespace");
    }

    [RootFact]
    public async Task Host_ports_are_read_from_the_host_namespace()
    {
        using var listener = NamespaceSocketBinder.BindTcpListeners(Path.Combine("/run/netns", _sandbox.Name), [new IPEndPoint(IPAddress.Loopback, 0)], 4).Single();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        _driver.ListHostTcpPorts().Should().Contain(port);
        new LinuxExitDriver(_options with { HostNamespace = null }, new ProcessCommandRunner()).ListHostTcpPorts().Should().NotContain(port);
        await Task.CompletedTask;
    }

    /// <summary>Connects from inside the tunnel namespace to a listener at the exit's tunnel address.</summary>
    private async Task<(Run.Result Client, IPAddress SeenFrom)> RoundTripAsync(TunnelRecord record)
    {
        using var listener = NamespaceSocketBinder.BindTcpListeners(
            _exit.NamespacePath, [new IPEndPoint(IPAddress.Parse(TestExit.TunnelAddress), 0)], 4).Single();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var server = AnswerOnceAsync(listener);
        var client = await Run.ProgramAsync(
            ["ip", "netns", "exec", record.Namespace, "socat", "-T", "10", "-", $"TCP:{TestExit.TunnelAddress}:{port}"],
            stdin: "who\n", timeout: TimeSpan.FromSeconds(30));
        var seenFrom = client.ExitCode == 0 ? await server.WaitAsync(TimeSpan.FromSeconds(30)) : IPAddress.None;
        return (client, seenFrom);
    }

    /// <summary>Answers one connection and returns the address it came from.</summary>
    private static async Task<IPAddress> AnswerOnceAsync(Socket listener)
    {
        using var connection = await listener.AcceptAsync();
        await using var stream = new NetworkStream(connection);
        using var reader = new StreamReader(stream);
        await reader.ReadLineAsync();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("hello from the exit\n"));
        return ((IPEndPoint)connection.RemoteEndPoint!).Address.MapToIPv4();
    }
}
