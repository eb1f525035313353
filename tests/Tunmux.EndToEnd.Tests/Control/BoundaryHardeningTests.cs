using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Control;

/// <summary>
/// Issue #9, the boundary's remaining items end to end: programs in the caller's working directory
/// are never run, one daemon per state directory, and proxy workers resolve names only through the
/// tunnel's DNS (never the host's /etc/hosts).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BoundaryHardeningTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Every program tunmux or its helpers might start by name.</summary>
    private static readonly string[] TrapNames =
    [
        "ip", "wg", "wireguard-go", "nft", "iptables", "ip6tables", "sysctl", "mount", "umount", "setsid",
        "nsenter", "kill", "sh", "env", "tunmux", "tunmux-proxy-worker", "dnsmasq", "resolvectl", "tcpdump", "modprobe",
    ];

    /// <summary>A folder (owned by nobody special, world-writable as /tmp folders are) full of programs that record that they ran.</summary>
    private static async Task<(string Folder, string Ran)> TrapFolderAsync(Sandbox sandbox)
    {
        var folder = Path.Combine(sandbox.StateDir, "trap-cwd");
        Directory.CreateDirectory(folder);
        var ran = Path.Combine(sandbox.StateDir, "trap-ran");
        foreach (var name in TrapNames)
        {
            var path = Path.Combine(folder, name);
            await File.WriteAllTextAsync(path, $"#!/bin/sh\necho \"$0 $*\" >> {ran}\nexit 1\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return (folder, ran);
    }

    /// <summary>The tunmux CLI as root, started from <paramref name="folder"/>.</summary>
    private static Task<Run.Result> TunmuxFromAsync(Sandbox sandbox, string folder, params string[] args) =>
        Run.ProgramAsync(["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", folder, .. sandbox.Enter(), TunmuxBinary.Path, .. args], sandbox.Environment, null, TimeSpan.FromMinutes(3));

    [RootFact]
    public async Task A_program_named_ip_in_the_working_directory_is_never_run_by_the_cli_or_the_daemon()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 1);
        var (folder, ran) = await TrapFolderAsync(lab.Sandbox);
        // Given as a person in the trap folder would type it: relative to there, though the CLI moves to "/".
        var manifest = Path.GetRelativePath(folder, lab.Manifest);
        manifest.Should().StartWith("..", "the test means a relative path");

        // One-shot, as root, from the trap folder: builds the exit (ip, wg, the worker...) and tears it down.
        (await TunmuxFromAsync(lab.Sandbox, folder, "apply", "-f", manifest)).EnsureSuccess("apply from the trap folder");
        (await lab.ViaSocksAsync(1)).Should().Be(LabSandbox.PublicAddressOf(1));
        (await TunmuxFromAsync(lab.Sandbox, folder, "delete", "-f", manifest)).EnsureSuccess("delete from the trap folder");

        // The daemon, started from the trap folder; the client too.
        await using var daemon = await DaemonProcess.StartInAsync(lab.Sandbox, folder, new Dictionary<string, string>());
        (await TunmuxFromAsync(lab.Sandbox, folder, "apply", "-f", manifest)).EnsureSuccess("apply through the daemon");
        await Eventually.ThatAsync(async () => await lab.ViaSocksAsync(1, maxSeconds: 3) == LabSandbox.PublicAddressOf(1), Limit, "the exit built by the daemon");

        new DirectoryInfo($"/proc/{daemon.Pid}/cwd").LinkTarget.Should().Be("/", "the daemon leaves the folder it was started in");
        await TheCliLeavesTheFolderAsync(lab.Sandbox, folder);
        File.Exists(ran).Should().BeFalse($"no program from the working directory may run, but: {(File.Exists(ran) ? await File.ReadAllTextAsync(ran) : "")}");
    }

    /// <summary>A CLI command that runs until stopped (the foreground proxy), started from the trap folder, works from "/".</summary>
    private static async Task TheCliLeavesTheFolderAsync(Sandbox sandbox, string folder)
    {
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-c", "cd \"$0\" && exec \"$@\"", folder, .. sandbox.Enter(), TunmuxBinary.Path, "proxy", "serve", "--socks", "127.0.0.1:1199"])
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in sandbox.Environment)
        {
            startInfo.Environment[key] = value;
        }

        using var serve = Process.Start(startInfo)!;
        try
        {
            // The shell enters the folder and then becomes nsenter, then tunmux (one PID throughout).
            await Eventually.ThatAsync(
                () => Task.FromResult(new DirectoryInfo($"/proc/{serve.Id}/cwd").LinkTarget == "/" && File.ReadAllText($"/proc/{serve.Id}/comm").StartsWith("tunmux", StringComparison.Ordinal)),
                Limit,
                "the CLI started from the trap folder to work from /");
        }
        finally
        {
            serve.Kill();
            await serve.WaitForExitAsync();
        }
    }

    [RootFact]
    public async Task A_second_daemon_on_the_same_state_directory_refuses_even_when_the_first_ones_socket_is_gone()
    {
        await using var sandbox = await Sandbox.CreateAsync();
        await using var first = await DaemonProcess.StartAsync(sandbox);

        Task<Run.Result> SecondAsync(string socket) => Run.ProgramAsync(
            [.. sandbox.Enter(), TunmuxBinary.Path, "daemon", "--socket", socket, "--metrics", "off"], sandbox.Environment, null, TimeSpan.FromMinutes(2));

        // With the first one's socket in place, on another socket path.
        var beside = await SecondAsync(Path.Combine(sandbox.StateDir, "second.sock"));
        // With the first one's socket removed: nothing on disk says a daemon runs, the lock still does.
        File.Delete(DaemonProcess.SocketOf(sandbox));
        var afterRemoval = await SecondAsync(DaemonProcess.SocketOf(sandbox));

        foreach (var second in new[] { beside, afterRemoval })
        {
            second.ExitCode.Should().Be(3, second.All);
            second.Stderr.Should().Contain($"another tunmux daemon is running on the state directory {sandbox.StateDir}");
        }

        File.Exists(DaemonProcess.SocketOf(sandbox)).Should().BeFalse("the refused daemon never bound a socket");
        LabSandbox.ProcessGone(first.Pid).Should().BeFalse("the first daemon keeps running");
    }

    [RootFact]
    public async Task A_proxy_resolves_names_through_the_tunnels_dns_never_through_the_hosts_etc_hosts()
    {
        var machineHosts = await File.ReadAllTextAsync("/etc/hosts");
        await using var lab = await LabSandbox.StartAsync(exits: 1);
        await lab.Sandbox.UsePrivateEtcAsync("nameserver 127.0.0.1\n");
        var hostsOnly = $"hostsonly-{lab.Sandbox.Id}.lab";

        // Inside the test's own mount namespace only: whoami.lab points elsewhere, and a name exists only here.
        (await lab.Sandbox.ExecAsync(["/bin/sh", "-c", $"printf '127.0.0.1 whoami.lab\\n198.19.255.1 {hostsOnly}\\n' >> /etc/hosts"])).EnsureSuccess("private /etc/hosts");
        (await lab.Sandbox.ExecAsync(["getent", "hosts", hostsOnly])).ExitCode.Should().Be(0, "the private hosts file is what NSS reads in there");
        (await lab.Sandbox.ExecAsync(["getent", "hosts", "whoami.lab"])).Stdout.Should().StartWith("127.0.0.1");

        await lab.ApplyAsync();

        // The lab's DNS answers through the tunnel: the real whoami, seen from the exit's address.
        (await lab.ViaSocksAsync(1)).Should().Be(LabSandbox.PublicAddressOf(1));
        (await lab.ViaHttpAsync(1)).Should().Be(LabSandbox.PublicAddressOf(1));
        // A name only /etc/hosts knows does not resolve through the proxy.
        (await lab.CurlAsync("--socks5-hostname", $"127.0.0.1:{LabSandbox.SocksPortOf(1)}", $"http://{hostsOnly}/", maxSeconds: 5)).Should().BeNull();
        // The HTTP proxy answers for itself: 502 with the reason, never the page behind the hosts-only name.
        var viaHttp = await lab.Sandbox.ExecAsync(["curl", "-sS", "--max-time", "5", "-w", "\nstatus %{http_code}", "--proxy", $"http://127.0.0.1:{LabSandbox.HttpPortOf(1)}", $"http://{hostsOnly}/"]);
        viaHttp.Stdout.Should().Contain("name not resolved").And.EndWith("status 502");

        var dnsLog = await File.ReadAllTextAsync(Path.Combine(lab.LabDir, Tunmux.Lab.LabNames.DnsLogFile));
        var fromExit = Regex.Escape(LabSandbox.PublicAddressOf(1));
        dnsLog.Should().MatchRegex($@"query\[A+\] whoami\.lab from {fromExit}", "the query went through the tunnel to the lab's DNS");
        dnsLog.Should().MatchRegex($@"query\[A+\] {Regex.Escape(hostsOnly)} from {fromExit}", "even the hosts-only name was asked of the tunnel's DNS");
        (await File.ReadAllTextAsync("/etc/hosts")).Should().Be(machineHosts, "the machine's own /etc/hosts never changes");
    }
}
