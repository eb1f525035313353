using Tunmux.Core.State;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Linux.Processes;

namespace Tunmux.EndToEnd.Tests.Linux;

/// <summary>
/// A minimal WireGuard exit for driver tests: its own namespace (lab prefix, so the sandbox
/// cleans it up) joined to the sandbox by a veth, with wireguard-go listening on
/// <see cref="Endpoint"/> and the tunnel address <see cref="TunnelAddress"/>. Everything
/// lives in namespaces this test created.
/// </summary>
public sealed class TestExit
{
    public const string TunnelAddress = "10.66.0.1";
    public const string ClientAddress = "10.66.0.2";
    public const string Endpoint = "10.231.0.2:51820";

    private TestExit(string ns, string iface, string publicKey, string clientPrivateKey, string clientPublicKey, ProcessRef process)
    {
        Namespace = ns;
        Interface = iface;
        PublicKey = publicKey;
        ClientPrivateKey = clientPrivateKey;
        ClientPublicKey = clientPublicKey;
        Process = process;
    }

    public string Namespace { get; }

    public string Interface { get; }

    public string PublicKey { get; }

    public string ClientPrivateKey { get; }

    public string ClientPublicKey { get; }

    public ProcessRef Process { get; }

    public string NamespacePath => Path.Combine("/run/netns", Namespace);

    public static async Task<TestExit> StartAsync(Sandbox sandbox)
    {
        var ns = sandbox.LabPrefix + "exit";
        var iface = sandbox.InterfacePrefix + "x0";
        var (serverPrivate, serverPublic) = await KeyPairAsync();
        var (clientPrivate, clientPublic) = await KeyPairAsync();

        await MustAsync(["ip", "netns", "add", ns]);
        await MustAsync(["ip", "-n", ns, "link", "set", "lo", "up"]);
        await MustAsync(["ip", "-n", sandbox.Name, "link", "add", "vexit", "type", "veth", "peer", "name", "vhost", "netns", ns]);
        await MustAsync(["ip", "-n", sandbox.Name, "addr", "add", "10.231.0.1/30", "dev", "vexit"]);
        await MustAsync(["ip", "-n", sandbox.Name, "link", "set", "vexit", "up"]);
        await MustAsync(["ip", "-n", ns, "addr", "add", "10.231.0.2/30", "dev", "vhost"]);
        await MustAsync(["ip", "-n", ns, "link", "set", "vhost", "up"]);

        var process = DetachedProcess.Start(["wireguard-go", "-f", iface], Path.Combine(sandbox.StateDir, "exit-wireguard-go.log"), ns,
            new Dictionary<string, string> { ["WG_PROCESS_FOREGROUND"] = "1" });
        var socket = $"/var/run/wireguard/{iface}.sock";
        await Eventually.ThatAsync(() => Task.FromResult(File.Exists(socket)), TimeSpan.FromSeconds(30), "wireguard-go to create its socket");

        var config = $"[Interface]\nPrivateKey = {serverPrivate}\nListenPort = 51820\n\n[Peer]\nPublicKey = {clientPublic}\nAllowedIPs = {ClientAddress}/32\n";
        (await Run.ProgramAsync(["ip", "netns", "exec", ns, "wg", "setconf", iface, "/dev/stdin"], stdin: config)).EnsureSuccess("wg setconf (exit)");
        await MustAsync(["ip", "-n", ns, "addr", "add", TunnelAddress + "/24", "dev", iface]);
        await MustAsync(["ip", "-n", ns, "link", "set", iface, "up"]);
        return new TestExit(ns, iface, serverPublic, clientPrivate, clientPublic, process);
    }

    public async Task StopAsync() => await DetachedProcess.StopAsync(Process, TimeSpan.FromSeconds(3), CancellationToken.None);

    private static async Task<(string Private, string Public)> KeyPairAsync()
    {
        var privateKey = (await Run.ProgramAsync(["wg", "genkey"])).EnsureSuccess("wg genkey").Stdout.Trim();
        var publicKey = (await Run.ProgramAsync(["wg", "pubkey"], stdin: privateKey + "\n")).EnsureSuccess("wg pubkey").Stdout.Trim();
        return (privateKey, publicKey);
    }

    private static async Task MustAsync(IReadOnlyList<string> argv) => (await Run.ProgramAsync(argv)).EnsureSuccess(string.Join(' ', argv));
}
