namespace Tunmux.Cli.Tests.Daemon;

/// <summary>
/// Issue #9: commands go to the daemon as typed requests; the client reads the manifests and the
/// files they name, the daemon keeps its own copies, refuses root-only choices for other peers,
/// and the client renders the reports it gets back exactly as it renders its own.
/// </summary>
public sealed class ThroughDaemonTests : IAsyncLifetime
{
    private readonly InProcessDaemon _daemon = new();
    private readonly CliHarness _cli;

    public ThroughDaemonTests() => _cli = new CliHarness(privileged: false, _daemon.Connector);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _cli.Dispose();
    }

    private string Lab(string text = Manifests.TwoExits) => _cli.Write("lab.yaml", text);

    [Fact]
    public async Task A_member_applies_through_the_daemon_and_the_daemon_keeps_its_own_copy_of_the_key()
    {
        var code = await _cli.RunAsync("apply", "-f", Lab());

        code.Should().Be(0, _cli.Stderr);
        _daemon.Connections.Should().Be(1);
        _cli.Stdout.Should().Contain("tunnel/lab-1 created").And.Contain("Applied: 4 added, 0 changed, 0 destroyed.");
        var declared = await File.ReadAllTextAsync(Path.Combine(_cli.Root, "state", "declared.yaml"));
        declared.Should().NotContain(Path.Combine(_cli.Root, "client.key"), "the daemon never reads the path the client named");
        var copy = Directory.GetFiles(_daemon.ForwardedDirectory(_cli)).Should().ContainSingle("both tunnels share one key").Subject;
        declared.Should().Contain(copy);
        (await File.ReadAllTextAsync(copy)).Should().Be(await File.ReadAllTextAsync(Path.Combine(_cli.Root, "client.key")));
        File.GetUnixFileMode(copy).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(_daemon.ForwardedDirectory(_cli)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public async Task Diff_through_the_daemon_keeps_its_exit_codes()
    {
        (await _cli.RunAsync("diff", "-f", Lab())).Should().Be(1, _cli.Stderr);
        _cli.Stdout.Should().Contain("+ tunnel/lab-1: create").And.Contain("Plan: 4 to add, 0 to change, 0 to destroy.");
        _cli.Host.MutatingCalls.Should().Be(0);

        (await _cli.RunAsync("apply", "-f", Lab())).Should().Be(0, _cli.Stderr);
        (await _cli.RunAsync("diff", "-f", Lab())).Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("No changes.");
    }

    [Fact]
    public async Task Deleting_through_the_daemon_removes_the_exits_and_the_daemons_copies_of_their_files()
    {
        await _cli.RunAsync("apply", "-f", Lab());

        (await _cli.RunAsync("delete", "tunnel", "lab-1", "lab-2")).Should().Be(0, _cli.Stderr);

        _cli.Stdout.Should().Contain("tunnel/lab-2 deleted");
        Directory.GetFiles(_daemon.ForwardedDirectory(_cli)).Should().BeEmpty("no declared object names the key any more");
    }

    [Fact]
    public async Task A_member_may_not_declare_a_hook_and_nothing_is_changed()
    {
        var code = await _cli.RunAsync("apply", "-f", Lab(Manifests.TwoExitsFirstForwarding));

        code.Should().Be(2);
        _cli.Stderr.Should().Contain("spec.portForwardingHook: permission denied: a hook runs as root, so only root may declare one")
            .And.Contain("uid 1000 is not root");
        _cli.Host.MutatingCalls.Should().Be(0);
    }

    [Fact]
    public async Task Root_may_declare_a_hook_and_only_root_sees_its_arguments()
    {
        _daemon.PeerUid = 0;
        (await _cli.RunAsync("apply", "-f", Lab(Manifests.TwoExitsFirstForwarding))).Should().Be(0, _cli.Stderr);
        _cli.Host.Calls.Should().Contain("start keeper lab-1");
        (await _cli.RunAsync("get", "tunnels", "lab-1", "-o", "yaml")).Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("hunter2");

        _daemon.PeerUid = 1000;
        (await _cli.RunAsync("get", "tunnels", "lab-1", "-o", "yaml")).Should().Be(0, _cli.Stderr);

        _cli.Stdout.Should().Contain("/usr/local/bin/port-changed").And.Contain("<redacted>").And.NotContain("hunter2").And.NotContain("--password");
    }

    [Theory]
    [InlineData("0.0.0.0:1080", "spec.socks.listen: permission denied: only root may listen beyond loopback")]
    [InlineData("127.0.0.1:80", "spec.socks.listen: permission denied: only root may listen on a port below 1024")]
    public async Task A_member_may_not_listen_beyond_loopback_or_below_1024_and_root_may(string listen, string refusal)
    {
        var manifest = Lab(Manifests.TwoExits.Replace("127.0.0.1:1080", listen, StringComparison.Ordinal)
            .Replace("tunnelRef: lab-1\n", "tunnelRef: lab-1\n  allowNonLoopback: true\n", StringComparison.Ordinal));
        (await _cli.RunAsync("diff", "-f", manifest)).Should().Be(2);
        _cli.Stderr.Should().Contain(refusal).And.Contain("uid 1000 is not root");

        _daemon.PeerUid = 0;
        (await _cli.RunAsync("diff", "-f", manifest)).Should().Be(1, _cli.Stderr);
        _cli.Stdout.Should().Contain("+ proxy/lab-1: create");
    }

    [Fact]
    public async Task A_key_file_the_client_cannot_read_is_reported_by_the_client_without_its_content()
    {
        var manifest = Lab(Manifests.TwoExits.Replace("privateKeyFile: client.key", "privateKeyFile: /proc/self/environ", StringComparison.Ordinal));

        (await _cli.RunAsync("apply", "-f", manifest)).Should().Be(2);

        _cli.Stderr.Should().Contain("spec.wireguard.privateKeyFile: cannot read /proc/self/environ: lies on /proc, not on a file system that holds files");
        _cli.Host.MutatingCalls.Should().Be(0);
    }

    [Fact]
    public async Task Get_status_and_describe_render_the_daemons_reports_as_they_render_local_ones()
    {
        await _cli.RunAsync("apply", "-f", Lab());
        var viaDaemon = new List<string>();
        foreach (var args in Commands)
        {
            (await _cli.RunAsync(args)).Should().Be(0, _cli.Stderr);
            viaDaemon.Add(_cli.Stdout);
        }

        _daemon.Answers = false;
        var local = new List<string>();
        foreach (var args in Commands)
        {
            (await _cli.RunAsync(args)).Should().Be(0, _cli.Stderr);
            local.Add(_cli.Stdout);
        }

        viaDaemon.Should().Equal(local);
        viaDaemon[0].Should().Contain("lab-1").And.Contain("lab-2");
        viaDaemon[2].Should().Contain("Peers:").And.Contain("xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=").And.NotContain("YAnz5TF");
        viaDaemon[3].Should().Contain("Tunnel:").And.Contain("lab-1");
    }

    private static readonly string[][] Commands =
    [
        ["status"],
        ["get", "proxies", "-o", "wide"],
        ["describe", "tunnel", "lab-1"],
        ["describe", "proxy", "lab-1"],
    ];

    [Fact]
    public async Task Apply_wait_through_the_daemon_waits_for_readiness_there()
    {
        _cli.Host.Clock = new Testing.ManualClock(CliHarness.Now);

        var code = await _cli.RunAsync("apply", "-f", Lab(), "--wait", "--timeout", "10s");

        code.Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("Waiting up to 10s for 4 objects to be Ready.").And.Contain("All 4 Ready after");
    }

    [Fact]
    public async Task Apply_wait_through_the_daemon_reports_what_keeps_an_object_from_being_ready()
    {
        _cli.Host.Clock = new Testing.ManualClock(CliHarness.Now);
        _cli.Host.DeadEndpoints.Add("198.18.2.2:51820");

        var code = await _cli.RunAsync("apply", "-f", Lab(), "--wait", "--timeout", "2s");

        code.Should().Be(3);
        _cli.Stdout.Should().Contain("tunnel/lab-1: Ready").And.Contain("tunnel/lab-2: AwaitingHandshake (");
        _cli.Stderr.Should().Contain("Timed out after 2s; not Ready:").And.Contain("  tunnel/lab-2: AwaitingHandshake: ").And.NotContain("tunnel/lab-1:");
    }
}
