using System.Globalization;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tunmux.EndToEnd.Tests.Daemon;

/// <summary>
/// Issue #9: drift comes from kernel events. The daemon here polls and resyncs only once an hour,
/// so each repair below can only have been started by an event: a pidfd for a killed worker or
/// wireguard-go, an rtnetlink notification for a removed interface, inotify for a deleted namespace.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DaemonDriftEventTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);

    [RootFact]
    public async Task With_no_poll_and_no_resync_for_an_hour_every_breakage_is_still_repaired()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 2);
        await using var daemon = await DaemonProcess.StartAsync(lab.Sandbox, "--poll", "1h", "--resync", "1h");
        await lab.ApplyAsync();
        await WaitServingAsync(lab, 1);
        var ns = lab.Sandbox.NamespacePrefix + "lab-1";

        async Task Case(string name, Func<Task> breakIt)
        {
            daemon.Mark($"break: {name}");
            await breakIt();
            var took = await WaitServingAsync(lab, 1);
            daemon.Mark($"serving again: {name}");
            output.WriteLine($"{name}: serving again after {took.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s");
        }

        await Case("kill -9 proxy worker (pidfd)", async () => await Kill(await ExitRecords.ProxyWorkerPidAsync(lab, "lab-1")));
        await Case("kill -9 wireguard-go (pidfd)", async () => await Kill(await ExitRecords.WireGuardPidAsync(lab, "lab-1")));
        await Case("interface deleted (rtnetlink)", async () =>
            (await Run.BreakageInsideAsync(["ip", "-n", ns, "link", "del", lab.Sandbox.InterfacePrefix + "lab-1"])).EnsureSuccess("ip link del"));
        await Case("interface set down (rtnetlink)", async () =>
            (await Run.BreakageInsideAsync(["ip", "-n", ns, "link", "set", lab.Sandbox.InterfacePrefix + "lab-1", "down"])).EnsureSuccess("ip link set down"));
        await Case("namespace deleted (inotify)", async () =>
            (await Run.ProgramAsync(["ip", "netns", "del", ns])).EnsureSuccess("ip netns del"));
        await Case("kill -9 proxy worker again, after the rebuild (the new worker is watched)", async () => await Kill(await ExitRecords.ProxyWorkerPidAsync(lab, "lab-1")));

        (await lab.ViaSocksAsync(2)).Should().Be(LabSandbox.PublicAddressOf(2), "the other exit was never disturbed");
    }

    /// <summary>Serving means: the exit's namespace is there by name and traffic flows through it.</summary>
    private static async Task<TimeSpan> WaitServingAsync(LabSandbox lab, int exit) =>
        await Eventually.ThatAsync(
            async () => (await lab.Sandbox.OwnNamespacesAsync()).Contains($"{lab.Sandbox.NamespacePrefix}lab-{exit}")
                && await lab.ViaSocksAsync(exit, maxSeconds: 2) == LabSandbox.PublicAddressOf(exit),
            RecoveryLimit,
            $"exit {exit} to serve again");

    /// <summary>
    /// kill -9 and wait for the process to end: kill returns once the signal is sent, and a process
    /// the scheduler has not got to yet still holds its sockets, so "serving again" could be seen
    /// before the breakage took effect and the next step would meet the repair half done.
    /// </summary>
    private static async Task Kill(int pid)
    {
        (await Run.ProgramAsync(["kill", "-9", pid.ToString(CultureInfo.InvariantCulture)])).EnsureSuccess($"kill -9 {pid}");
        await Eventually.ThatAsync(() => Task.FromResult(LabSandbox.ProcessGone(pid)), RecoveryLimit, $"process {pid} to end after kill -9");
    }
}
