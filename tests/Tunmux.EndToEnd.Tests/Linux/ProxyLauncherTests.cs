using System.Net;
using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Core.State;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Linux;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Processes;

namespace Tunmux.EndToEnd.Tests.Linux;

/// <summary>
/// Starting proxy workers for real, with a stand-in for `tunmux proxy worker` (a shell
/// script): the real worker is tested with the CLI. These check where the worker runs, the
/// ready handshake, failure reports and stopping.
/// </summary>
public sealed class ProxyLauncherTests : IAsyncLifetime
{
    /// <summary>Writes its namespace into the ready file (atomically), then stays up.</summary>
    private const string ReadyWorker =
        """
        while [ $# -gt 0 ]; do [ "$1" = --ready-file ] && ready=$2; shift; done
        readlink /proc/self/ns/net > "$ready.tmp" && mv "$ready.tmp" "$ready"
        exec sleep 300
        """;

    private const string FailingWorker =
        """
        echo "starting"
        echo "127.0.0.1:1080 is already in use" >&2
        exit 3
        """;

    private Sandbox _sandbox = null!;
    private string _tunnelNamespace = null!;
    private TunnelRecord _tunnel = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await Sandbox.CreateAsync();
        _tunnelNamespace = _sandbox.NamespacePrefix + "p1";
        (await Run.ProgramAsync(["ip", "netns", "add", _tunnelNamespace])).EnsureSuccess("ip netns add");
        _tunnel = new TunnelRecord("p1", _tunnelNamespace, _sandbox.InterfacePrefix + "p1", BackendKind.Userspace, "hash", null, DateTimeOffset.UtcNow);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private LinuxExitDriver Driver(string script) => new(new LinuxDriverOptions
    {
        Naming = new HostNaming(_sandbox.NamespacePrefix, _sandbox.InterfacePrefix),
        RunDir = _sandbox.RunDir,
        SelfCommand = ["/bin/sh", "-c", script, "fake-tunmux"],
        HostNamespace = _sandbox.Name,
        ProxyReadyTimeout = TimeSpan.FromSeconds(10),
    }, new ProcessCommandRunner());

    private static DesiredProxy Proxy => new("web", "p1", new IPEndPoint(IPAddress.Loopback, 1080), null, AccessLog: false);

    [RootFact]
    public async Task The_worker_runs_inside_the_tunnel_namespace_and_is_stopped_by_its_record()
    {
        var driver = Driver(ReadyWorker);

        var record = await driver.StartProxyAsync(Proxy, _tunnel, CancellationToken.None);
        try
        {
            driver.IsAlive(record.Process).Should().BeTrue();
            var ranIn = (await File.ReadAllTextAsync(Path.Combine(_sandbox.RunDir, "proxies", "web.ready"))).Trim();
            var tunnelNamespace = (await Run.ProgramAsync(["ip", "netns", "exec", _tunnelNamespace, "readlink", "/proc/self/ns/net"])).Stdout.Trim();
            ranIn.Should().Be(tunnelNamespace);
            var inside = (await Run.ProgramAsync(["ip", "netns", "pids", _tunnelNamespace])).Stdout;
            inside.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(record.Process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            await driver.StopProxyAsync(record, cutConnections: false, CancellationToken.None);
        }

        ProcStat.IsAlive(record.Process).Should().BeFalse();
        File.Exists(Path.Combine(_sandbox.RunDir, "proxies", "web.ready")).Should().BeFalse();
    }

    [RootFact]
    public async Task A_worker_that_exits_is_reported_with_what_it_logged()
    {
        var act = () => Driver(FailingWorker).StartProxyAsync(Proxy, _tunnel, CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message
            .Should().Contain("exited before it was listening").And.Contain("starting").And.Contain("127.0.0.1:1080 is already in use");
    }

    [RootFact]
    public async Task Deleting_the_tunnel_also_stops_a_worker_left_inside()
    {
        var driver = Driver(ReadyWorker);
        var record = await driver.StartProxyAsync(Proxy, _tunnel, CancellationToken.None);

        await driver.DeleteTunnelAsync(_tunnel, CancellationToken.None);

        ProcStat.IsAlive(record.Process).Should().BeFalse();
        File.Exists(Path.Combine("/run/netns", _tunnelNamespace)).Should().BeFalse();
    }
}
