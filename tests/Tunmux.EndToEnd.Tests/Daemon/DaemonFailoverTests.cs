using System.Globalization;
using Tunmux.Core.WireGuard;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tunmux.EndToEnd.Tests.Daemon;

/// <summary>
/// Issue #4 acceptance: health and recovery on real WireGuard. One tunnel lists two servers; the
/// first dies; the daemon notices the stale handshake, reconnects, fails over to the second, and
/// traffic flows again, never by any path but a tunnel.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DaemonFailoverTests(ITestOutputHelper output)
{
    private const int SocksPort = 1090;

    [RootFact]
    public async Task A_tunnel_fails_over_to_its_second_server_when_the_first_one_dies()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 2);
        var manifest = await TwoServerTunnelAsync(lab);
        await using var daemon = await DaemonProcess.StartAsync(lab.Sandbox, DaemonProcess.ShortHealthPolicy);
        (await lab.TunmuxAsync("apply", "-f", manifest, "--wait", "--timeout", "60s")).EnsureSuccess("apply --wait");
        (await ViaFailoverProxyAsync(lab)).Should().Be(LabSandbox.PublicAddressOf(1), "the first server is used while it answers");
        var seenBefore = lab.WhoamiLines().Count;

        await KillLabServerAsync(lab, exit: 1);
        var took = await Eventually.ThatAsync(
            async () => await ViaFailoverProxyAsync(lab, maxSeconds: 2) == LabSandbox.PublicAddressOf(2),
            TimeSpan.FromSeconds(60),
            "traffic to come back through the second server");
        output.WriteLine($"traffic back through server 2 after {took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");

        lab.WhoamiLines().Skip(seenBefore).Select(line => line.Split(' ')[1]).Should()
            .OnlyContain(address => address == LabSandbox.PublicAddressOf(1) || address == LabSandbox.PublicAddressOf(2),
                "while the tunnel recovered, nothing left except through a tunnel");
        var describe = (await lab.TunmuxAsync("describe", "tunnel", "failover")).EnsureSuccess("describe");
        describe.Stdout.Should().Contain("FailingOver").And.Contain("failing over from peer 1 to peer 2");
        // The daemon's console logger writes from a queue of its own, so its log is waited for, not read once.
        await Eventually.ThatAsync(
            () => Task.FromResult(daemon.Log.Contains("peer 2 configured at " + LabSandbox.PublicAddressOf(2), StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            "the daemon's log to say peer 2 was configured");
    }

    /// <summary>
    /// Exit 2 also accepts exit 1's client key (as a provider's servers accept an account's key),
    /// and a wg-quick file lists both servers for that client: the failover is then honest, one
    /// client identity and two servers that each can carry it.
    /// </summary>
    private static async Task<string> TwoServerTunnelAsync(LabSandbox lab)
    {
        var first = WgQuickConfig.Parse(await File.ReadAllTextAsync(Path.Combine(lab.LabDir, "exit-1.conf"))).Config!;
        var second = WgQuickConfig.Parse(await File.ReadAllTextAsync(Path.Combine(lab.LabDir, "exit-2.conf"))).Config!;
        var client = (await Run.ProgramAsync(["wg", "pubkey"], stdin: first.PrivateKey.Reveal() + "\n")).EnsureSuccess("wg pubkey").Stdout.Trim();
        var serverNamespace = lab.Sandbox.LabPrefix + "exit2";
        var serverInterface = lab.Sandbox.LabInterfacePrefix + "s2";
        var clientAddress = first.Addresses[0];
        (await Run.ProgramAsync(["ip", "netns", "exec", serverNamespace, "wg", "set", serverInterface, "peer", client, "allowed-ips", clientAddress]))
            .EnsureSuccess("exit 2 accepts exit 1's client");
        (await Run.ProgramAsync(["ip", "-n", serverNamespace, "route", "add", clientAddress, "dev", serverInterface]))
            .EnsureSuccess("exit 2 routes back to exit 1's client");

        var config = Path.Combine(lab.Sandbox.StateDir, "failover.conf");
        await File.WriteAllTextAsync(config, "");
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(config, WgQuickConfig.Render(first with { Peers = [first.Peers[0], second.Peers[0]] }));

        var manifest = Path.Combine(lab.Sandbox.StateDir, "failover.yaml");
        await File.WriteAllTextAsync(manifest, $"""
            apiVersion: tunmux.io/v1alpha1
            kind: Tunnel
            metadata: {"{"}name: failover{"}"}
            spec:
              wireguard: {"{"}configFile: {config}{"}"}
            ---
            apiVersion: tunmux.io/v1alpha1
            kind: Proxy
            metadata: {"{"}name: failover{"}"}
            spec:
              tunnelRef: failover
              socks: {"{"}listen: "127.0.0.1:{SocksPort}"{"}"}
              http: {"{"}enabled: false{"}"}

            """);
        return manifest;
    }

    private static Task<string?> ViaFailoverProxyAsync(LabSandbox lab, int maxSeconds = 10) =>
        lab.CurlAsync("--socks5-hostname", $"127.0.0.1:{SocksPort}", maxSeconds: maxSeconds);

    /// <summary>Kills the lab's WireGuard server of one exit; lab down tolerates it being gone.</summary>
    private static async Task KillLabServerAsync(LabSandbox lab, int exit)
    {
        var serverNamespace = lab.Sandbox.LabPrefix + "exit" + exit.ToString(CultureInfo.InvariantCulture);
        var pids = await Run.ProgramAsync(["ip", "netns", "pids", serverNamespace]);
        foreach (var pid in pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()))
        {
            if ((await File.ReadAllTextAsync($"/proc/{pid}/comm")).Trim() == "wireguard-go")
            {
                (await Run.ProgramAsync(["kill", "-9", pid])).EnsureSuccess("kill the lab's wireguard-go");
            }
        }
    }
}
