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
    private static readonly string Whoami6 = Tunmux.Lab.LabAddresses.WhoamiUrl6;
    private static readonly string ExitOne6 = Tunmux.Lab.LabAddresses.ExitPublicAddress6(1);

    [RootFact]
    public async Task Direct_tunnel_blocks_every_leak_survives_the_daemon_repairs_drift_and_deletes_exactly()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 2);
        var sandbox = lab.Sandbox;
        var uplink = await UplinkWithTheDefaultRouteAsync(sandbox, ipv6: true);
        const string sandboxResolver = "# the sandbox's own resolver\nnameserver 192.168.255.53\noptions edns0\n";
        var machineResolvConf = await MachineResolvConfAsync();
        await sandbox.UsePrivateEtcAsync(sandboxResolver);
        (await sandbox.ExecAsync(["findmnt", "/etc/resolv.conf"])).ExitCode.Should().Be(0, "the private /etc/resolv.conf is a bind mount, as in a container");
        (await PrivateResolvConfAsync(sandbox)).Should().Be(sandboxResolver);
        // The direct tunnel's endpoint is a name (in the private /etc/hosts): resolved once, before the block, and pinned.
        (await sandbox.ExecAsync(["tee", "-a", "/etc/hosts"], $"{ExitOne} {EndpointName}\n")).EnsureSuccess("name the endpoint");
        var directV4 = await WithNamedEndpointAsync(Path.Combine(lab.LabDir, "exit-1.conf"), Path.Combine(sandbox.StateDir, "direct-v4.conf"));
        var directDual = await WithNamedEndpointAsync(Path.Combine(lab.LabDir, "exit-1-dual.conf"), Path.Combine(sandbox.StateDir, "direct-dual.conf"));
        // The uplink's IPv6 link-local address lands in the local table once DAD is done: wait for it,
        // so the "before" snapshot is the settled host and not a moment of the lab's start.
        await Eventually.ThatAsync(async () =>
        {
            var addresses = (await sandbox.ExecAsync(["ip", "-6", "address", "show", "dev", uplink])).Stdout;
            return addresses.Contains("fe80", StringComparison.Ordinal) && !addresses.Contains("tentative", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "the uplink's link-local address");
        // IPv6 really leaves the uplink without direct mode: the IPv6 assertions below mean something.
        await Eventually.ThatAsync(async () => await Curl6Async(sandbox) == "2001:2:0:ffff::1", TimeSpan.FromSeconds(30), "whoami over IPv6 straight out of the uplink");
        var before = await SnapshotAsync(sandbox);

        var manifest = Path.Combine(sandbox.StateDir, "direct.yaml");
        await File.WriteAllTextAsync(manifest, $"""
            apiVersion: tunmux.io/v1alpha1
            kind: Tunnel
            metadata: {"{"}name: home{"}"}
            spec:
              mode: direct
              wireguard: {"{"}configFile: {directV4}{"}"}
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
            var upCapture = await CaptureAsync(sandbox, uplink, async () =>
            {
                (await CurlAsync(sandbox)).Should().Be(ExitOne);
                (await Curl6Async(sandbox)).Should().BeNull("a tunnel without IPv6 blocks IPv6, never leaks it");
            });
            output.WriteLine("up:\n" + upCapture);
            OnlyWireGuard(upCapture).Should().BeEmpty("only WireGuard UDP to the endpoints leaves the uplink");
            upCapture.Should().Contain($"{ExitOne}.51820", "the direct tunnel's own UDP goes out on the uplink");
            (await LeakCheckAsync(sandbox, uplink)).ExitCode.Should().Be(0, "check leaks is clean while up");
            // The kill switch's state is what the daemon's last direct-mode pass published: the pass that
            // sees the handshake may come a moment after traffic first flowed, so status is waited for.
            // LeakFree from the block's read-back, as a line and a KILLSWITCH column in status and as conditions in describe.
            await Eventually.ThatAsync(
                async () => (await sandbox.TunmuxAsync("status")).Stdout is var shown
                    && shown.Contains("Kill switch: CONNECTED", StringComparison.Ordinal) && shown.Contains("LeakFree: True (BlockVerified)", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), "status to say the kill switch is CONNECTED and LeakFree");
            var status = (await sandbox.TunmuxAsync("status")).Stdout;
            output.WriteLine(status);
            status.Should().Contain("KILLSWITCH");
            status.Split('\n').Should().Contain(line => line.StartsWith("home ", StringComparison.Ordinal) && line.Contains("connected, leak-free", StringComparison.Ordinal));
            status.Split('\n').Should().Contain(line => line.StartsWith("side ", StringComparison.Ordinal) && line.TrimEnd().EndsWith(" -", StringComparison.Ordinal), "a proxy exit has no kill switch");
            var describe = (await sandbox.TunmuxAsync("describe", "tunnel", "home")).EnsureSuccess("describe").Stdout;
            describe.Split('\n').Should().Contain(line => line.Contains("LeakFree", StringComparison.Ordinal) && line.Contains("True", StringComparison.Ordinal) && line.Contains("BlockVerified", StringComparison.Ordinal));
            describe.Split('\n').Should().Contain(line => line.Contains("KillSwitch", StringComparison.Ordinal) && line.Contains("connected", StringComparison.Ordinal));

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

            // The same exit with IPv6 in the tunnel: IPv6 is carried (the exit's IPv6 address answers), still only WireGuard on the uplink.
            await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace(directV4, directDual, StringComparison.Ordinal));
            (await sandbox.TunmuxAsync("apply", "-f", manifest)).EnsureSuccess("apply the dual-stack tunnel");
            await Eventually.ThatAsync(async () => await Curl6Async(sandbox) == ExitOne6, TimeSpan.FromSeconds(90), "whoami over IPv6 through the direct tunnel");
            var v6Capture = await CaptureAsync(sandbox, uplink, async () =>
            {
                (await Curl6Async(sandbox)).Should().Be(ExitOne6);
                (await CurlAsync(sandbox)).Should().Be(ExitOne);
            });
            OnlyWireGuard(v6Capture).Should().BeEmpty("IPv6 goes inside the tunnel, not beside it");

            // kill -9: the block holds; started again, traffic flows. The endpoint's name no longer
            // resolves (as behind a block that lets no DNS out): the restarted daemon uses the pin.
            (await sandbox.ExecAsync(["sed", "-i", $"/{EndpointName}/d", "/etc/hosts"])).EnsureSuccess("forget the endpoint's name");
            (await sandbox.ExecAsync(["getent", "hosts", EndpointName])).ExitCode.Should().NotBe(0, "the name must not resolve any more");
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
            leak.Stdout.Should().Contain(Tunmux.Lab.LabAddresses.ServiceAddress6, "the IPv6 probe leaks too without the block: the uplink carries IPv6");

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
            await LabRoutesBackAsync(sandbox, uplink, ipv6: true);
        }
    }

    [RootFact]
    public async Task One_shot_apply_brings_the_direct_tunnel_up_and_one_shot_delete_lifts_it_without_a_daemon()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 1);
        var sandbox = lab.Sandbox;
        var uplink = await UplinkWithTheDefaultRouteAsync(sandbox, ipv6: false);
        await sandbox.UsePrivateEtcAsync("nameserver 192.168.255.53\n");
        var manifest = Path.Combine(sandbox.StateDir, "direct.yaml");
        await File.WriteAllTextAsync(manifest, $"""
            apiVersion: tunmux.io/v1alpha1
            kind: Tunnel
            metadata: {"{"}name: home{"}"}
            spec:
              mode: direct
              wireguard: {"{"}configFile: {Path.Combine(lab.LabDir, "exit-1.conf")}{"}"}
            """);
        try
        {
            (await CurlAsync(sandbox)).Should().Be(Tunmux.Lab.LabAddresses.HostAddress, "before: straight out of the uplink");

            var apply = (await sandbox.TunmuxAsync("apply", "-f", manifest)).EnsureSuccess("one-shot apply");
            output.WriteLine(apply.All);
            apply.Stdout.Should().Contain("Kill switch:");
            (await sandbox.ExecAsync(["nft", "list", "table", "inet", "tunmux"])).ExitCode.Should().Be(0, "the one-shot apply put the block up");
            await Eventually.ThatAsync(async () => await CurlAsync(sandbox) == ExitOne, TimeSpan.FromSeconds(60), "whoami through the direct tunnel after a one-shot apply");

            (await sandbox.TunmuxAsync("delete", "-f", manifest)).EnsureSuccess("one-shot delete");
            (await sandbox.ExecAsync(["nft", "list", "table", "inet", "tunmux"])).ExitCode.Should().NotBe(0, "the one-shot delete lifted the block");
            await Eventually.ThatAsync(async () => await CurlAsync(sandbox) == Tunmux.Lab.LabAddresses.HostAddress, TimeSpan.FromSeconds(30), "traffic straight out again");
        }
        finally
        {
            await sandbox.ExecAsync(["nft", "delete", "table", "inet", "tunmux"]);
            await LabRoutesBackAsync(sandbox, uplink, ipv6: false);
        }
    }

    private const string EndpointName = "vpn-one.tunmux-test";

    /// <summary>
    /// Gives the sandbox's link into the lab the default route, as a real host's uplink has, and returns
    /// its name. The lab's own route for its range would keep the lab "local" (suppress_prefixlength 0
    /// keeps more specific routes), so it goes while the test runs; <see cref="LabRoutesBackAsync"/>
    /// puts it back before the lab is taken down.
    /// </summary>
    private static async Task<string> UplinkWithTheDefaultRouteAsync(Sandbox sandbox, bool ipv6)
    {
        var uplink = sandbox.LabInterfacePrefix + "host";
        (await sandbox.ExecAsync(["ip", "route", "del", Tunmux.Lab.LabAddresses.LabRange])).EnsureSuccess("lab route out");
        (await sandbox.ExecAsync(["ip", "route", "add", "default", "via", Tunmux.Lab.LabAddresses.HostGateway, "dev", uplink])).EnsureSuccess("default route");
        if (ipv6)
        {
            (await sandbox.ExecAsync(["ip", "-6", "route", "del", Tunmux.Lab.LabAddresses.LabRange6])).EnsureSuccess("lab IPv6 route out");
            (await sandbox.ExecAsync(["ip", "-6", "route", "add", "default", "via", Tunmux.Lab.LabAddresses.HostGateway6, "dev", uplink])).EnsureSuccess("IPv6 default route");
        }

        return uplink;
    }

    /// <summary>Puts back the lab's routes that <see cref="UplinkWithTheDefaultRouteAsync"/> took out (in a finally: not checked).</summary>
    private static async Task LabRoutesBackAsync(Sandbox sandbox, string uplink, bool ipv6)
    {
        await sandbox.ExecAsync(["ip", "route", "add", Tunmux.Lab.LabAddresses.LabRange, "via", Tunmux.Lab.LabAddresses.HostGateway, "dev", uplink]);
        if (ipv6)
        {
            await sandbox.ExecAsync(["ip", "-6", "route", "add", Tunmux.Lab.LabAddresses.LabRange6, "via", Tunmux.Lab.LabAddresses.HostGateway6, "dev", uplink]);
        }
    }

    /// <summary>A copy of a lab client config whose endpoint is <see cref="EndpointName"/>, created 0600 (it holds the key).</summary>
    private static async Task<string> WithNamedEndpointAsync(string source, string copy)
    {
        var text = (await File.ReadAllTextAsync(source)).Replace($"Endpoint = {ExitOne}:", $"Endpoint = {EndpointName}:", StringComparison.Ordinal);
        text.Should().Contain(EndpointName);
        await using var stream = new FileStream(copy, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text);
        return copy;
    }

    /// <summary>/etc/resolv.conf as the daemon sees it (inside the test's private /etc).</summary>
    private static async Task<string> PrivateResolvConfAsync(Sandbox sandbox) =>
        (await sandbox.ExecAsync(["cat", "/etc/resolv.conf"])).EnsureSuccess("cat /etc/resolv.conf").Stdout;

    /// <summary>The machine's own /etc/resolv.conf (this test process is not in the private namespace); empty when absent.</summary>
    private static async Task<byte[]> MachineResolvConfAsync() =>
        File.Exists("/etc/resolv.conf") ? await File.ReadAllBytesAsync("/etc/resolv.conf") : [];

    /// <summary>What whoami (over IPv4 unless told otherwise) says the sandbox's address is; null when it did not answer.</summary>
    private static async Task<string?> CurlAsync(Sandbox sandbox, string url = Whoami)
    {
        var result = await sandbox.ExecAsync(["curl", "-sS", "--max-time", "4", url]);
        return result.ExitCode == 0 ? result.Stdout.Trim() : null;
    }

    private static Task<string?> Curl6Async(Sandbox sandbox) => CurlAsync(sandbox, Whoami6);

    /// <summary>TCP, UDP (DNS) and ICMP, v4 and v6, from ordinary sockets: what applications would send.</summary>
    private static async Task ProbeEverythingAsync(Sandbox sandbox)
    {
        await sandbox.ExecAsync(["curl", "-sS", "--max-time", "2", "http://198.19.0.2/"]);
        await sandbox.ExecAsync(["curl", "-sS", "--max-time", "2", Whoami6]);
        await sandbox.ExecAsync(["ping", "-c", "1", "-W", "1", "198.19.0.2"]);
        await sandbox.ExecAsync(["ping", "-6", "-c", "1", "-W", "1", Tunmux.Lab.LabAddresses.HostGateway6]);
        await sandbox.ExecAsync(["python3", "-c",
            $"import socket\ns=socket.socket(socket.AF_INET6,socket.SOCK_DGRAM)\ntry: s.sendto(b'\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x03lab\\x00\\x00\\x01\\x00\\x01',('{Tunmux.Lab.LabAddresses.ServiceAddress6}',53))\nexcept OSError: pass"]);
        await sandbox.ExecAsync(["python3", "-c",
            "import socket\nfor a in ['198.19.255.1','198.19.0.2']:\n s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n try: s.sendto(b'\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x03lab\\x00\\x00\\x01\\x00\\x01',(a,53))\n except OSError: pass"]);
    }

    private static Task<Run.Result> LeakCheckAsync(Sandbox sandbox, string uplink) =>
        sandbox.TunmuxAsync("check", "leaks", "--interface", uplink, "--target", "198.19.255.1", "--target", "198.19.0.2", "--target", Tunmux.Lab.LabAddresses.ServiceAddress6);

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
