using System.Diagnostics;
using System.Globalization;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tunmux.EndToEnd.Tests.Direct;

/// <summary>
/// Direct mode end to end (issue #10): the sandbox plays the host, its link into the lab (the
/// lab's "internet" namespace) is the uplink with the default route, lab exit 1 is the VPN, lab
/// exit 2 a proxy exit beside it. The daemon and every command run in a mount namespace of the
/// test's own with a private /etc whose /etc/resolv.conf is bind-mounted (as in a container): the
/// daemon rewrites the real path, and the machine's own resolver never changes.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DirectModeTests(ITestOutputHelper output)
{
    private const string Whoami = "http://198.19.255.1/";
    private const string ExitOne = "198.18.1.2";
    private const string ExitTwo = "198.18.2.2";

    [RootFact]
    public async Task Direct_tunnel_blocks_every_leak_survives_the_daemon_repairs_drift_and_deletes_exactly()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 2);
        var sandbox = lab.Sandbox;
        var uplink = sandbox.LabInterfacePrefix + "host";
        // The uplink carries the default route, as on a real host; the lab's own route for its range
        // would keep the lab "local" (suppress_prefixlength 0 keeps more specific routes), so it goes
        // while the test runs and comes back before the lab is taken down.
        (await sandbox.ExecAsync(["ip", "route", "del", Tunmux.Lab.LabAddresses.LabRange])).EnsureSuccess("lab route out");
        (await sandbox.ExecAsync(["ip", "route", "add", "default", "via", Tunmux.Lab.LabAddresses.HostGateway, "dev", uplink])).EnsureSuccess("default route");
        const string sandboxResolver = "# the sandbox's own resolver\nnameserver 192.168.255.53\noptions edns0\n";
        var machineResolvConf = await MachineResolvConfAsync();
        await sandbox.UsePrivateEtcAsync(sandboxResolver);
        (await sandbox.ExecAsync(["findmnt", "/etc/resolv.conf"])).ExitCode.Should().Be(0, "the private /etc/resolv.conf is a bind mount, as in a container");
        (await PrivateResolvConfAsync(sandbox)).Should().Be(sandboxResolver);
        // The uplink's IPv6 link-local address lands in the local table once DAD is done: wait for it,
        // so the "before" snapshot is the settled host and not a moment of the lab's start.
        await Eventually.ThatAsync(async () =>
        {
            var addresses = (await sandbox.ExecAsync(["ip", "-6", "address", "show", "dev", uplink])).Stdout;
            return addresses.Contains("fe80", StringComparison.Ordinal) && !addresses.Contains("tentative", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "the uplink's link-local address");
        var before = await SnapshotAsync(sandbox);

        var manifest = Path.Combine(sandbox.StateDir, "direct.yaml");
        await File.WriteAllTextAsync(manifest, $"""
            apiVersion: tunmux.io/v1alpha1
            kind: Tunnel
            metadata: {"{"}name: home{"}"}
            spec:
              mode: direct
              wireguard: {"{"}configFile: {Path.Combine(lab.LabDir, "exit-1.conf")}{"}"}
            ---
            apiVersion: tunmux.io/v1alpha1
            kind: Tunnel
            metadata: {"{"}name: side{"}"}
            spec:
              wireguard: {"{"}configFile: {Path.Combine(lab.LabDir, "exit-2.conf")}{"}"}
            ---
            apiVersion: tunmux.io/v1alpha1
            kind: Proxy
            metadata: {"{"}name: side{"}"}
            spec:
              tunnelRef: side
              socks: {"{"}listen: "127.0.0.1:{LabSandbox.SocksPortOf(2)}"{"}"}
              http: {"{"}enabled: false{"}"}
            """);
        var environment = new Dictionary<string, string>();
        var daemon = await DaemonProcess.StartAsync(sandbox, environment);
        try
        {
            (await sandbox.TunmuxAsync("apply", "-f", manifest)).EnsureSuccess("apply");

            // Up: the exit's address answers, and the uplink carries only WireGuard UDP.
            await Eventually.ThatAsync(async () => await CurlAsync(sandbox) == ExitOne, TimeSpan.FromSeconds(90), "whoami through the direct tunnel");
            await Eventually.ThatAsync(
                async () => (await PrivateResolvConfAsync(sandbox)).Contains("nameserver 198.19.255.1", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), "/etc/resolv.conf to name the tunnel's DNS server");
            (await MachineResolvConfAsync()).Should().Equal(machineResolvConf, "the machine's own resolv.conf never changes");
            var upCapture = await CaptureAsync(sandbox, uplink, async () => (await CurlAsync(sandbox)).Should().Be(ExitOne));
            output.WriteLine("up:\n" + upCapture);
            OnlyWireGuard(upCapture).Should().BeEmpty("only WireGuard UDP to the endpoints leaves the uplink");
            upCapture.Should().Contain($"{ExitOne}.51820", "the direct tunnel's own UDP goes out on the uplink");
            (await LeakCheckAsync(sandbox, uplink)).ExitCode.Should().Be(0, "check leaks is clean while up");
            (await sandbox.TunmuxAsync("status")).Stdout.Should().Contain("Kill switch: CONNECTED");

            // The proxy exit beside it: traffic passes, its WireGuard UDP leaves on the uplink.
            await Eventually.ThatAsync(async () => await lab.ViaSocksAsync(2, 5) == ExitTwo, TimeSpan.FromSeconds(60), "the proxy exit");
            var sideCapture = await CaptureAsync(sandbox, uplink, async () => (await lab.ViaSocksAsync(2, 5)).Should().Be(ExitTwo));
            sideCapture.Should().Contain($"{ExitTwo}.51820", "the proxy exit's WireGuard UDP leaves on the uplink, not inside the direct tunnel");
            OnlyWireGuard(sideCapture).Should().BeEmpty();

            // Drift: a rule deleted by hand comes back within the drift interval.
            var handle = await RuleHandleAsync(sandbox, "tunmux:dns-block");
            (await sandbox.ExecAsync(["nft", "delete", "rule", "inet", "tunmux", "output", "handle", handle])).EnsureSuccess("delete a rule by hand");
            var repaired = await Eventually.ThatAsync(
                async () => (await sandbox.ExecAsync(["nft", "list", "chain", "inet", "tunmux", "output"])).Stdout.Contains("tunmux:dns-block", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), "the deleted rule to be restored");
            output.WriteLine($"rule restored after {repaired.TotalSeconds:0.0} s");

            // kill -9: the block holds; started again, traffic flows.
            await daemon.KillAsync();
            (await sandbox.ExecAsync(["nft", "list", "table", "inet", "tunmux"])).ExitCode.Should().Be(0, "the block outlives the daemon");
            (await LeakCheckAsync(sandbox, uplink)).ExitCode.Should().Be(0, "no leak with the daemon dead");
            daemon = await DaemonProcess.StartAsync(sandbox, environment);
            await Eventually.ThatAsync(async () => await CurlAsync(sandbox) == ExitOne, TimeSpan.FromSeconds(60), "traffic after the restart");

            // The server stops answering: requests fail and nothing but WireGuard leaves, DNS included.
            await lab.DropWireGuardAtExitAsync(1);
            var downCapture = await CaptureAsync(sandbox, uplink, async () =>
            {
                (await CurlAsync(sandbox)).Should().BeNull("the tunnel is dead and the block holds");
                await ProbeEverythingAsync(sandbox);
            });
            output.WriteLine("server down:\n" + downCapture);
            OnlyWireGuard(downCapture).Should().BeEmpty("zero packets other than WireGuard leave while the server is down");
            (await LeakCheckAsync(sandbox, uplink)).ExitCode.Should().Be(0, "check leaks is clean while blocked");

            // Negative control: with the daemon stopped and the block removed by hand, the leak shows.
            await daemon.StopAsync();
            (await sandbox.ExecAsync(["nft", "list", "table", "inet", "tunmux"])).ExitCode.Should().Be(0, "a normal stop keeps the block");
            (await sandbox.ExecAsync(["nft", "delete", "table", "inet", "tunmux"])).EnsureSuccess("remove the block by hand");
            var leak = await LeakCheckAsync(sandbox, uplink);
            leak.ExitCode.Should().Be(1, "check leaks reports the leak without the block:\n" + leak.All);
            leak.Stdout.Should().Contain("LEAK");

            // Delete: everything exactly as before.
            daemon = await DaemonProcess.StartAsync(sandbox, environment);
            await Eventually.ThatAsync(
                async () => (await sandbox.ExecAsync(["nft", "list", "table", "inet", "tunmux"])).ExitCode == 0,
                TimeSpan.FromSeconds(30), "the block to be back after the restart");
            (await sandbox.TunmuxAsync("delete", "-f", manifest)).EnsureSuccess("delete");
            await Eventually.ThatAsync(
                async () => (await sandbox.ExecAsync(["nft", "list", "table", "inet", "tunmux"])).ExitCode != 0,
                TimeSpan.FromSeconds(60), "the block to be lifted");
            try
            {
                await Eventually.ThatAsync(async () => await SnapshotAsync(sandbox) == before, TimeSpan.FromSeconds(60), "the host to be as before");
            }
            catch (TimeoutException)
            {
                var after = (await SnapshotAsync(sandbox)).Split('\n');
                output.WriteLine("only before:\n" + string.Join('\n', before.Split('\n').Except(after)));
                output.WriteLine("only after:\n" + string.Join('\n', after.Except(before.Split('\n'))));
                throw;
            }

            await Eventually.ThatAsync(
                async () => await PrivateResolvConfAsync(sandbox) == sandboxResolver,
                TimeSpan.FromSeconds(30), "/etc/resolv.conf to be restored byte for byte");
            (await sandbox.ExecAsync(["findmnt", "/etc/resolv.conf"])).ExitCode.Should().Be(0, "restored in place: still the bind mount");
            (await MachineResolvConfAsync()).Should().Equal(machineResolvConf, "the machine's own resolv.conf never changed");
        }
        finally
        {
            output.WriteLine(daemon.Log);
            await daemon.DisposeAsync();
            // Safety net by name: the block must never outlive the test's namespace anyway (it goes with it).
            await sandbox.ExecAsync(["nft", "delete", "table", "inet", "tunmux"]);
            await sandbox.ExecAsync(["ip", "route", "add", Tunmux.Lab.LabAddresses.LabRange, "via", Tunmux.Lab.LabAddresses.HostGateway, "dev", uplink]);
        }
    }

    /// <summary>/etc/resolv.conf as the daemon sees it (inside the test's private /etc).</summary>
    private static async Task<string> PrivateResolvConfAsync(Sandbox sandbox) =>
        (await sandbox.ExecAsync(["cat", "/etc/resolv.conf"])).EnsureSuccess("cat /etc/resolv.conf").Stdout;

    /// <summary>The machine's own /etc/resolv.conf (this test process is not in the private namespace); empty when absent.</summary>
    private static async Task<byte[]> MachineResolvConfAsync() =>
        File.Exists("/etc/resolv.conf") ? await File.ReadAllBytesAsync("/etc/resolv.conf") : [];

    private static async Task<string?> CurlAsync(Sandbox sandbox)
    {
        var result = await sandbox.ExecAsync(["curl", "-sS", "--max-time", "4", Whoami]);
        return result.ExitCode == 0 ? result.Stdout.Trim() : null;
    }

    /// <summary>TCP, UDP (DNS) and ICMP, v4 and v6, from ordinary sockets: what applications would send.</summary>
    private static async Task ProbeEverythingAsync(Sandbox sandbox)
    {
        await sandbox.ExecAsync(["curl", "-sS", "--max-time", "2", "http://198.19.0.2/"]);
        await sandbox.ExecAsync(["curl", "-sS", "--max-time", "2", "http://[2001:db8::1]/"]);
        await sandbox.ExecAsync(["ping", "-c", "1", "-W", "1", "198.19.0.2"]);
        await sandbox.ExecAsync(["ping", "-6", "-c", "1", "-W", "1", "2001:db8::1"]);
        await sandbox.ExecAsync(["python3", "-c",
            "import socket\nfor a in ['198.19.255.1','198.19.0.2']:\n s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n try: s.sendto(b'\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x03lab\\x00\\x00\\x01\\x00\\x01',(a,53))\n except OSError: pass"]);
    }

    private static Task<Run.Result> LeakCheckAsync(Sandbox sandbox, string uplink) =>
        sandbox.TunmuxAsync("check", "leaks", "--interface", uplink, "--target", "198.19.255.1", "--target", "198.19.0.2");

    /// <summary>
    /// Runs <paramref name="traffic"/> while tcpdump watches what leaves the uplink; returns tcpdump's
    /// lines. A canary (UDP with tunmux's mark to the endpoint, which the block lets out) is seen
    /// before and after the traffic, so an empty capture can only mean that nothing else left.
    /// </summary>
    private static async Task<string> CaptureAsync(Sandbox sandbox, string uplink, Func<Task> traffic)
    {
        var enter = sandbox.Enter();
        var startInfo = new ProcessStartInfo(enter[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in enter.Skip(1).Concat(["tcpdump", "-i", uplink, "-n", "-l", "-p", "-Q", "out", "not arp"]))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var tcpdump = Process.Start(startInfo)!;
        var lines = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (await tcpdump.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        });
        await CanaryAsync(sandbox, lines, 111);
        await traffic();
        await CanaryAsync(sandbox, lines, 112);
        (await Run.ProgramAsync(["kill", "-INT", tcpdump.Id.ToString(CultureInfo.InvariantCulture)])).EnsureSuccess("stop tcpdump");
        await tcpdump.WaitForExitAsync();
        await reader;
        return string.Join('\n', lines);
    }

    private static async Task CanaryAsync(Sandbox sandbox, List<string> lines, int length)
    {
        var seen = $"> {ExitOne}.51820: UDP, length {length}";
        await Eventually.ThatAsync(async () =>
        {
            await sandbox.ExecAsync(["python3", "-c",
                $"import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.setsockopt(socket.SOL_SOCKET,36,0x746d)\ns.sendto(b'c'*{length},('{ExitOne}',51820))"]);
            lock (lines)
            {
                return lines.Any(l => l.Contains(seen, StringComparison.Ordinal));
            }
        }, TimeSpan.FromSeconds(20), "the capture to see the canary");
    }

    /// <summary>Captured lines that are not WireGuard UDP to an exit's endpoint, nor IPv6 neighbour discovery.</summary>
    private static List<string> OnlyWireGuard(string capture) =>
        capture.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !(line.Contains($"> {ExitOne}.51820: UDP", StringComparison.Ordinal) || line.Contains($"> {ExitTwo}.51820: UDP", StringComparison.Ordinal)))
            .Where(line => !line.Contains("ICMP6, neighbor", StringComparison.Ordinal) && !line.Contains("ICMP6, router", StringComparison.Ordinal))
            .ToList();

    private static async Task<string> RuleHandleAsync(Sandbox sandbox, string comment)
    {
        var listing = (await sandbox.ExecAsync(["nft", "-a", "list", "chain", "inet", "tunmux", "output"])).EnsureSuccess("nft -a list");
        var line = listing.Stdout.Split('\n').Single(l => l.Contains(comment, StringComparison.Ordinal));
        return line[(line.LastIndexOf("# handle ", StringComparison.Ordinal) + "# handle ".Length)..].Trim();
    }

    /// <summary>Everything delete must put back: the whole nftables ruleset, rules and routes of both families, and src_valid_mark.</summary>
    private static async Task<string> SnapshotAsync(Sandbox sandbox)
    {
        var parts = new List<string>();
        foreach (var argv in new[]
        {
            new[] { "nft", "list", "ruleset" },
            ["ip", "-4", "rule", "show"], ["ip", "-6", "rule", "show"],
            ["ip", "-4", "route", "show", "table", "all"], ["ip", "-6", "route", "show", "table", "all"],
            ["sysctl", "-n", "net.ipv4.conf.all.src_valid_mark"],
        })
        {
            parts.Add((await sandbox.ExecAsync(argv)).Stdout);
        }

        return string.Join("\n---\n", parts);
    }
}
