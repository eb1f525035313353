using Tunmux.Linux.Processes;

namespace Tunmux.Linux.Tests.Processes;

public class OrphanProcessesTests
{
    [Fact]
    public void A_worker_is_ours_only_with_our_exact_ready_file()
    {
        string[] argv = ["/usr/local/bin/tunmux", "proxy", "worker", "--name", "a", "--listen-netns", "/proc/1/ns/net", "--ready-file", "/run/tunmux/proxies/a.ready"];
        OrphanProcesses.IsWorkerFor(argv, "/run/tunmux/proxies/a.ready").Should().BeTrue();
        OrphanProcesses.IsWorkerFor(argv, "/run/tunmux/proxies/b.ready").Should().BeFalse();
        OrphanProcesses.IsWorkerFor(["cat", "--ready-file", "/run/tunmux/proxies/a.ready"], "/run/tunmux/proxies/a.ready").Should().BeFalse();
    }

    [Fact]
    public void The_separate_worker_executable_is_ours_with_our_ready_file_native_or_under_the_dotnet_host()
    {
        string[] native = ["/opt/tunmux/tunmux-proxy-worker", "--name", "a", "--ready-file", "/run/tunmux/proxies/a.ready"];
        string[] managed = ["/usr/share/dotnet/dotnet", "/opt/tunmux/tunmux-proxy-worker.dll", "--ready-file", "/run/tunmux/proxies/a.ready"];
        OrphanProcesses.IsWorkerFor(native, "/run/tunmux/proxies/a.ready").Should().BeTrue();
        OrphanProcesses.IsWorkerFor(managed, "/run/tunmux/proxies/a.ready").Should().BeTrue();
        OrphanProcesses.IsWorkerFor(native, "/run/tunmux/proxies/b.ready").Should().BeFalse();
        OrphanProcesses.IsWorkerFor(["/tmp/not-a-worker", "--ready-file", "/run/tunmux/proxies/a.ready"], "/run/tunmux/proxies/a.ready").Should().BeFalse();
    }

    [Fact]
    public void A_wireguard_go_is_ours_only_for_our_interface_in_the_foreground()
    {
        OrphanProcesses.IsWireGuardGoFor(["wireguard-go", "-f", "wg-lab-1"], "wg-lab-1").Should().BeTrue();
        OrphanProcesses.IsWireGuardGoFor(["/usr/bin/wireguard-go", "-f", "wg-lab-1"], "wg-lab-1").Should().BeTrue();
        OrphanProcesses.IsWireGuardGoFor(["wireguard-go", "-f", "wg-lab-10"], "wg-lab-1").Should().BeFalse();
        OrphanProcesses.IsWireGuardGoFor(["wireguard-go", "wg-lab-1"], "wg-lab-1").Should().BeFalse();
    }

    [Fact]
    public void Finding_by_argv_sees_a_real_process_and_never_this_one()
    {
        using var sleeper = System.Diagnostics.Process.Start("sleep", "30");
        try
        {
            var found = OrphanProcesses.Find(argv => argv is ["sleep", "30"]);
            found.Select(p => p.Pid).Should().Contain(sleeper.Id);
            OrphanProcesses.Find(_ => true).Select(p => p.Pid).Should().NotContain(Environment.ProcessId);
        }
        finally
        {
            sleeper.Kill();
        }
    }
}
