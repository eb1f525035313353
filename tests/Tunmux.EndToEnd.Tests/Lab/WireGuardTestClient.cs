using Tunmux.Core.State;
using Tunmux.Core.WireGuard;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Linux.Processes;

namespace Tunmux.EndToEnd.Tests.Lab;

/// <summary>
/// A WireGuard client built by hand from a lab exit's wg-quick file, the way tunmux's proxy
/// mode does it: wireguard-go runs in the sandbox (so its UDP socket uses the sandbox's route
/// into the lab), the interface then moves into a client namespace whose only route is the
/// tunnel. Names carry the sandbox's prefixes so the sandbox cleans up after a failed test.
/// </summary>
internal sealed class WireGuardTestClient : IAsyncDisposable
{
    private readonly ProcessRef _process;

    private WireGuardTestClient(string ns, string iface, ProcessRef process)
    {
        Namespace = ns;
        Interface = iface;
        _process = process;
    }

    public string Namespace { get; }

    public string Interface { get; }

    public static async Task<WireGuardTestClient> StartAsync(Sandbox sandbox, string configPath, string suffix)
    {
        var parsed = WgQuickConfig.Parse(await File.ReadAllTextAsync(configPath));
        parsed.Errors.Should().BeEmpty("the lab writes a valid wg-quick file");
        var config = parsed.Config!;
        var ns = sandbox.NamespacePrefix + "client" + suffix;
        var iface = sandbox.InterfacePrefix + "c" + suffix;
        (await Run.ProgramAsync(["ip", "netns", "add", ns])).EnsureSuccess("ip netns add client");
        var process = DetachedProcess.Start(["wireguard-go", "-f", iface], Path.Combine(sandbox.StateDir, $"client-{suffix}.out"), sandbox.Name);
        var client = new WireGuardTestClient(ns, iface, process);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while ((await Run.ProgramAsync(["ip", "-n", sandbox.Name, "link", "show", iface])).ExitCode != 0)
            {
                DateTime.UtcNow.Should().BeBefore(deadline, "wireguard-go should create {0}", iface);
                await Task.Delay(50); // polling a condition with a deadline
            }

            (await Run.ProgramAsync(["ip", "netns", "exec", sandbox.Name, "wg", "setconf", iface, "/dev/stdin"], stdin: WgSetConf.Render(config)))
                .EnsureSuccess("wg setconf client");
            (await Run.ProgramAsync(["ip", "-n", sandbox.Name, "link", "set", iface, "netns", ns])).EnsureSuccess("move client interface");
            (await Run.ProgramAsync(["ip", "-n", ns, "link", "set", "lo", "up"])).EnsureSuccess("client lo up");
            foreach (var address in config.Addresses)
            {
                (await Run.ProgramAsync(["ip", "-n", ns, "addr", "add", address, "dev", iface])).EnsureSuccess("client address");
            }

            (await Run.ProgramAsync(["ip", "-n", ns, "link", "set", iface, "up"])).EnsureSuccess("client interface up");
            (await Run.ProgramAsync(["ip", "-n", ns, "route", "add", "default", "dev", iface])).EnsureSuccess("client default route");
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public Task<Run.Result> ExecAsync(params string[] argv) => Run.ProgramAsync(["ip", "netns", "exec", Namespace, .. argv]);

    public async ValueTask DisposeAsync()
    {
        await DetachedProcess.StopAsync(_process, TimeSpan.FromSeconds(5), CancellationToken.None);
        await Run.ProgramAsync(["ip", "netns", "del", Namespace]);
        var socket = $"/var/run/wireguard/{Interface}.sock";
        if (File.Exists(socket))
        {
            File.Delete(socket);
        }
    }
}
