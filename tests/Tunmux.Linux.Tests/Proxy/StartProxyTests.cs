using System.Net;
using Tunmux.Core.Model;
using Tunmux.Core.State;
using Tunmux.Linux.Proxy;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.Proxy;

public sealed partial class StartProxyTests : IDisposable
{
    private readonly DriverFixture _fixture = new();
    private readonly TunnelRecord _tunnel = new("alpha", "tunmux_alpha", "wg-alpha", BackendKind.Userspace, "hash", null, DateTimeOffset.UnixEpoch);
    private readonly DesiredProxy _proxy = new("web", "alpha", new IPEndPoint(IPAddress.Loopback, 1080), new IPEndPoint(IPAddress.Loopback, 8118), AccessLog: true);

    public StartProxyTests()
    {
        _fixture.Host.AddNamespace("tunmux_alpha");
        _fixture.Launcher.OnStart = started => File.WriteAllText(ReadyFileOf(started), "ready\n");
    }

    public void Dispose() => _fixture.Dispose();

    private string ProxyDir => Path.Combine(_fixture.Host.RunDir, "proxies");

    private static string ReadyFileOf(FakeProcessLauncher.StartedProcess started) =>
        started.Argv[started.Argv.ToList().IndexOf("--ready-file") + 1];

    [Fact]
    public async Task The_worker_gets_the_dns_servers_tunmux_wrote_for_the_tunnel_namespace()
    {
        var folder = _fixture.Host.Paths.EtcNetns("tunmux_alpha");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "resolv.conf"), "# written by tunmux\nnameserver 10.64.0.1\nnameserver fd00::53\noptions ndots:5\n");

        await _fixture.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);

        var argv = _fixture.Launcher.Started.Should().ContainSingle().Subject.Argv;
        argv.Should().ContainInConsecutiveOrder("--dns", "10.64.0.1,fd00::53");
    }

    [Fact]
    public async Task The_worker_runs_tunmux_itself_inside_the_tunnel_namespace_listening_in_the_host_namespace()
    {
        await _fixture.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);

        var started = _fixture.Launcher.Started.Should().ContainSingle().Subject;
        started.Argv.Should().Equal(
            "/usr/local/bin/tunmux", "proxy", "worker",
            "--name", "web",
            "--listen-netns", $"/proc/{Environment.ProcessId}/ns/net",
            "--ready-file", Path.Combine(ProxyDir, "web.ready"),
            "--stats-file", Path.Combine(ProxyDir, "web.stats"),
            "--dns", "none",
            "--socks", "127.0.0.1:1080",
            "--http", "127.0.0.1:8118",
            "--access-log");
        started.InNamespace.Should().Be("tunmux_alpha");
        started.LogFile.Should().Be(Path.Combine(ProxyDir, "web.log"));
    }

    [Fact]
    public async Task The_worker_gets_the_proxy_runtime_settings_in_its_environment()
    {
        await _fixture.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);

        var environment = _fixture.Launcher.Started.Single().Environment;
        environment.Should().ContainKey("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS").WhoseValue.Should().Be("1");
        environment.Should().NotContainKey("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", "one event thread per core, the runtime's default with inline completions");
        environment.Should().Equal(ProxyRuntimeSettings.Environment);
    }

    [Fact]
    public void Only_settings_the_environment_lacks_are_added_so_a_users_own_value_wins()
    {
        var environment = new System.Collections.Hashtable { ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "0", ["PATH"] = "/bin" };

        var missing = ProxyRuntimeSettings.Missing(environment);

        missing.Should().NotContainKey("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS");
        missing.Keys.Should().BeEquivalentTo(ProxyRuntimeSettings.Environment.Keys.Where(k => k != "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"));
        ProxyRuntimeSettings.Missing(new System.Collections.Hashtable(ProxyRuntimeSettings.Environment.ToDictionary(s => (object)s.Key, s => (object?)s.Value))).Should().BeEmpty();
    }

    [Fact]
    public async Task Optional_listeners_and_the_access_log_flag_are_left_out_when_not_wanted()
    {
        await _fixture.Driver.StartProxyAsync(_proxy with { Http = null, AccessLog = false }, _tunnel, CancellationToken.None);

        var argv = _fixture.Launcher.Started.Single().Argv;
        argv.Should().NotContain(["--http", "--access-log"]);
        argv.Should().EndWith(["--socks", "127.0.0.1:1080"]);
    }

    [Fact]
    public async Task With_a_named_host_namespace_the_worker_listens_in_that_namespace()
    {
        using var sandboxed = new DriverFixture(hostNamespace: "sandbox1");
        sandboxed.Host.AddNamespace("tunmux_alpha");
        sandboxed.Launcher.OnStart = started => File.WriteAllText(ReadyFileOf(started), "");

        await sandboxed.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);

        var argv = sandboxed.Launcher.Started.Single().Argv.ToList();
        argv[argv.IndexOf("--listen-netns") + 1].Should().Be(sandboxed.Host.Paths.NamespaceFile("sandbox1"));
    }

    [Fact]
    public async Task The_record_describes_the_running_worker()
    {
        var record = await _fixture.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);

        record.Should().Be(new ProxyRecord("web", "alpha", "127.0.0.1:1080", "127.0.0.1:8118", _proxy.SpecHash,
            _fixture.Launcher.Started.Single().Process, _fixture.Time.GetUtcNow()));
    }

    [Fact]
    public async Task A_ready_file_left_by_an_earlier_worker_does_not_count()
    {
        Directory.CreateDirectory(ProxyDir);
        File.WriteAllText(Path.Combine(ProxyDir, "web.ready"), "old");
        bool? staleFileAtStart = null;
        _fixture.Launcher.OnStart = started =>
        {
            staleFileAtStart = File.Exists(ReadyFileOf(started));
            File.WriteAllText(ReadyFileOf(started), "new");
        };

        await _fixture.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);

        staleFileAtStart.Should().BeFalse();
    }

    [Fact]
    public async Task A_worker_that_dies_is_reported_with_the_last_lines_it_logged_in_this_run()
    {
        Directory.CreateDirectory(ProxyDir);
        File.WriteAllText(Path.Combine(ProxyDir, "web.log"), "line from an earlier run\n");
        _fixture.Launcher.OnStart = started =>
        {
            File.AppendAllLines(started.LogFile, Enumerable.Range(1, 15).Select(i => $"worker line {i}").Append("127.0.0.1:1080 is already in use"));
            _fixture.Launcher.Alive.Remove(started.Process);
        };

        var act = () => _fixture.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);

        var message = (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message;
        message.Should().Contain("proxy 'web' exited before it was listening")
            .And.Contain("127.0.0.1:1080 is already in use")
            .And.Contain("worker line 15")
            .And.NotContain("worker line 6\n")
            .And.NotContain("earlier run");
    }

    [Fact]
    public async Task A_worker_that_never_gets_ready_is_stopped_after_the_deadline()
    {
        _fixture.Launcher.OnStart = null;

        var act = () => _fixture.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);

        await act.Should().ThrowAsync<TimeoutException>().WithMessage("*was not listening within 2 s*");
        _fixture.Launcher.Stopped.Should().Equal(_fixture.Launcher.Started.Single().Process);
    }

    [Fact]
    public async Task A_proxy_for_a_tunnel_whose_namespace_is_gone_is_not_started()
    {
        File.Delete(_fixture.Host.Paths.NamespaceFile("tunmux_alpha"));

        var act = () => _fixture.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*tunmux_alpha does not exist*");
        _fixture.Launcher.Started.Should().BeEmpty();
    }

    [Fact]
    public async Task Stopping_a_proxy_stops_its_process_with_a_grace_period_and_removes_its_ready_and_stats_files()
    {
        var record = await _fixture.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);
        File.WriteAllText(StatsFile, new ProxyStats(record.Process.Pid, 0, 5).Format());

        await _fixture.Driver.StopProxyAsync(record, cutConnections: false, CancellationToken.None);

        _fixture.Launcher.Stopped.Should().Equal(record.Process);
        _fixture.Launcher.StopSignals.Should().Equal([15], "SIGTERM: the worker drains");
        _fixture.Launcher.StopGraces.Should().Equal(TimeSpan.FromSeconds(3));
        File.Exists(Path.Combine(ProxyDir, "web.ready")).Should().BeFalse();
        File.Exists(StatsFile).Should().BeFalse();
        _fixture.Driver.IsAlive(record.Process).Should().BeFalse();
    }

    [Fact]
    public async Task Stopping_a_proxy_whose_tunnel_goes_away_asks_it_to_cut_its_connections()
    {
        var record = await _fixture.Driver.StartProxyAsync(_proxy, _tunnel, CancellationToken.None);

        await _fixture.Driver.StopProxyAsync(record, cutConnections: true, CancellationToken.None);

        _fixture.Launcher.Stopped.Should().Equal(record.Process);
        _fixture.Launcher.StopSignals.Should().Equal([12], "SIGUSR2: the worker cuts its connections and ends at once");
        _fixture.Driver.IsAlive(record.Process).Should().BeFalse();
    }

    [Fact]
    public async Task A_proxy_name_that_would_leave_the_run_folder_is_refused()
    {
        var act = () => _fixture.Driver.StartProxyAsync(_proxy with { Name = "../etc" }, _tunnel, CancellationToken.None);

        await act.Should().ThrowAsync<ArgumentException>();
        _fixture.Launcher.Started.Should().BeEmpty();
    }

    [Fact]
    public async Task Cancelling_while_the_worker_starts_stops_it()
    {
        using var cancel = new CancellationTokenSource();
        _fixture.Launcher.OnStart = _ => cancel.Cancel(); // cancelled before the ready file appears

        var act = () => _fixture.Driver.StartProxyAsync(_proxy, _tunnel, cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        _fixture.Launcher.Stopped.Should().Equal(_fixture.Launcher.Started.Single().Process);
    }
}
