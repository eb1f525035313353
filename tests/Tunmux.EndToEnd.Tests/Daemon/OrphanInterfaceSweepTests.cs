using System.Diagnostics;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Daemon;

/// <summary>
/// A daemon killed between creating a tunnel's WireGuard interface in the host namespace and
/// moving it into the exit's namespace leaves the interface behind. With wireguard-go it is a tun
/// device that the still running wireguard-go holds (this machine has no kernel WireGuard module,
/// so the kernel backend's `type wireguard` link cannot be planted here; the same rule covers it).
/// The daemon's host sweep removes it by its exact name, and nothing else: not a link whose name is
/// one letter off tunmux's, not a link of another kind under tunmux's name, not one that is up.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OrphanInterfaceSweepTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [RootFact]
    public async Task A_wireguard_go_interface_left_in_the_host_namespace_is_removed_and_links_that_are_not_tunmuxs_stay()
    {
        await using var sandbox = await Sandbox.CreateAsync();
        var orphan = sandbox.InterfacePrefix + "gone"; // the interface tunnel "gone" gets
        var offByOne = "x" + sandbox.Id + "gone"; // a tun one letter off tunmux's prefix
        var otherKind = sandbox.InterfacePrefix + "veth"; // tunmux's name, but a veth
        var inUse = sandbox.InterfacePrefix + "up"; // tunmux's name and a tun, but up

        using var wireGuardGo = StartWireGuardGo(sandbox, orphan);
        try
        {
            await Eventually.ThatAsync(async () => await LinkExistsAsync(sandbox, orphan) || wireGuardGo.HasExited, Limit, $"wireguard-go to create {orphan}");
            wireGuardGo.HasExited.Should().BeFalse("wireguard-go holds the orphan's tun device until the link is deleted");
            await IpAsync(sandbox, "tuntap", "add", "mode", "tun", "name", offByOne);
            await IpAsync(sandbox, "link", "add", otherKind, "type", "veth", "peer", "name", "y" + sandbox.Id + "peer");
            await IpAsync(sandbox, "tuntap", "add", "mode", "tun", "name", inUse);
            await IpAsync(sandbox, "link", "set", inUse, "up");

            await using var daemon = await DaemonProcess.StartAsync(sandbox);

            await Eventually.ThatAsync(async () => !await LinkExistsAsync(sandbox, orphan), Limit, $"the daemon's sweep to delete {orphan}");
            await wireGuardGo.WaitForExitAsync().WaitAsync(Limit); // its device is gone, so wireguard-go ends
            await Eventually.ThatAsync(() => Task.FromResult(!File.Exists($"/var/run/wireguard/{orphan}.sock")), Limit, "its control socket to go");
            foreach (var kept in new[] { offByOne, otherKind, inUse })
            {
                (await LinkExistsAsync(sandbox, kept)).Should().BeTrue($"{kept} is not a WireGuard interface tunmux left behind");
            }

            daemon.Log.Should().Contain(orphan, "the daemon says what it removed");
        }
        finally
        {
            if (!wireGuardGo.HasExited)
            {
                wireGuardGo.Kill();
            }
        }
    }

    /// <summary>wireguard-go in the sandbox (nsenter execs it, so this is its PID), in the foreground as tunmux runs it.</summary>
    private static Process StartWireGuardGo(Sandbox sandbox, string iface)
    {
        var start = new ProcessStartInfo("nsenter") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { $"--net=/run/netns/{sandbox.Name}", "--", "wireguard-go", "-f", iface })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["WG_PROCESS_FOREGROUND"] = "1";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task IpAsync(Sandbox sandbox, params string[] args) =>
        (await Run.ProgramAsync(["ip", "-n", sandbox.Name, .. args])).EnsureSuccess("ip " + string.Join(' ', args));

    private static async Task<bool> LinkExistsAsync(Sandbox sandbox, string name) =>
        (await Run.ProgramAsync(["ip", "-n", sandbox.Name, "link", "show", "dev", name])).ExitCode == 0;
}
