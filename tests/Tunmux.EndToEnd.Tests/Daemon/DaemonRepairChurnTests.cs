using System.Diagnostics;
using System.Text.RegularExpressions;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tunmux.EndToEnd.Tests.Daemon;

/// <summary>
/// The "repair churn" (a second rebuild of an exit that served again) came from the tests, not the
/// daemon: a breaking `ip -n` that had not exited yet when the daemon's repair stopped the processes
/// left in the namespace died with exit 143 although it had done its work, and the tests ran it
/// again, breaking the rebuilt exit a second time. Here the breaking `ip` stays inside the namespace
/// on purpose (batch mode, waiting for its next command), as a starved one would before exiting, so
/// the race is not left to chance.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class DaemonRepairChurnTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [RootFact]
    public async Task A_breaking_ip_that_the_repair_stops_has_broken_the_exit_once_and_it_is_rebuilt_once()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 2);
        await using var daemon = await DaemonProcess.StartAsync(lab.Sandbox);
        await lab.ApplyAsync();
        await WaitServingAsync(lab);
        var ns = lab.Sandbox.NamespacePrefix + "lab-1";
        var iface = lab.Sandbox.InterfacePrefix + "lab-1";
        var rebuildsBefore = Rebuilds(daemon.Log);
        var wireGuardBefore = await ExitRecords.WireGuardPidAsync(lab, "lab-1");

        int? stoppedWith = null;
        var result = await Run.BreakageAsync(async () =>
        {
            var lingering = await LingeringIpAsync(ns, $"link del {iface}");
            stoppedWith = lingering.ExitCode;
            return lingering;
        });

        stoppedWith.Should().Be(143, "the repair stops every process left in the namespace, the breaking ip too, after it did its work");
        result.EnsureSuccess("ip link del");
        await WaitServingAsync(lab);
        (await ExitRecords.WaitPidAsync(lab, "tunnels", "lab-1", ExitRecords.WireGuard, not: wireGuardBefore)).Should().NotBe(wireGuardBefore);
        // A pass of every key after whatever the daemon had queued: a second rebuild would be done by then.
        (await lab.TunmuxAsync("apply", "-f", lab.Manifest, "--wait")).EnsureSuccess("tunmux apply --wait");
        output.WriteLine(string.Join('\n', RebuildLines(daemon.Log)));
        (Rebuilds(daemon.Log) - rebuildsBefore).Should().Be(1, "one breakage, one rebuild");
        (await lab.ViaSocksAsync(2)).Should().Be(LabSandbox.PublicAddressOf(2), "the other exit was never disturbed");
    }

    /// <summary>
    /// `ip -n NS -batch -` given one command and then kept waiting for the next one: it stays inside
    /// the namespace until it is stopped (or, at the limit, until its input ends).
    /// </summary>
    private static async Task<Run.Result> LingeringIpAsync(string ns, string command)
    {
        var startInfo = new ProcessStartInfo("ip") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-n", ns, "-batch", "-" })
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var ip = Process.Start(startInfo)!;
        var stdout = ip.StandardOutput.ReadToEndAsync();
        var stderr = ip.StandardError.ReadToEndAsync();
        await ip.StandardInput.WriteLineAsync(command);
        await ip.StandardInput.FlushAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await ip.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            ip.StandardInput.Close();
            await ip.WaitForExitAsync();
        }

        return new Run.Result(ip.ExitCode, await stdout, await stderr);
    }

    private static int Rebuilds(string log) => RebuildLines(log).Count;

    private static List<string> RebuildLines(string log) => [.. RebuildOfLab1().Matches(log).Select(m => m.Value)];

    [GeneratedRegex(@"lab-1: tunnel lab-1: replace \(.*$", RegexOptions.Multiline)]
    private static partial Regex RebuildOfLab1();

    private static Task<TimeSpan> WaitServingAsync(LabSandbox lab) =>
        Eventually.ThatAsync(
            async () => (await lab.Sandbox.OwnNamespacesAsync()).Contains($"{lab.Sandbox.NamespacePrefix}lab-1")
                && await lab.ViaSocksAsync(1, maxSeconds: 2) == LabSandbox.PublicAddressOf(1),
            Limit,
            "exit 1 to serve again");
}
