using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Core.State;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Linux;
using Tunmux.Linux.Commands;
using Tunmux.Linux.WireGuard;

namespace Tunmux.EndToEnd.Tests.Linux;

/// <summary>
/// wireguard-go's state read over its control socket against `wg show IF dump`, for both ends of
/// a real tunnel: the exit (listen port, a peer it learnt the endpoint of) and the client the
/// driver built (endpoint, handshake, counters). Everything lives in this test's sandbox.
/// </summary>
// Classes that enter namespaces on threads of this process, or check every thread's namespace,
// run one at a time: one class's short-lived setns thread must never be counted by another's check.
[Collection(EndToEndCollection.Name)]
public sealed class UapiReadTests : IAsyncLifetime
{
    private Sandbox _sandbox = null!;
    private TestExit _exit = null!;
    private LinuxExitDriver _driver = null!;
    private TunnelRecord? _tunnel;

    public async Task InitializeAsync()
    {
        _sandbox = await Sandbox.CreateAsync();
        try
        {
            _exit = await TestExit.StartAsync(_sandbox);
        }
        catch
        {
            // xUnit does not dispose a fixture whose initialisation failed; the sandbox also stops the exit's wireguard-go.
            await _sandbox.DisposeAsync();
            throw;
        }

        _driver = new LinuxExitDriver(new LinuxDriverOptions
        {
            Naming = new HostNaming(_sandbox.NamespacePrefix, _sandbox.InterfacePrefix),
            RunDir = _sandbox.RunDir,
            SelfCommand = ["/bin/false"],
            HostNamespace = _sandbox.Name,
        }, new ProcessCommandRunner());
    }

    public async Task DisposeAsync()
    {
        if (_tunnel is not null)
        {
            await _driver.DeleteTunnelAsync(_tunnel, CancellationToken.None);
        }

        await _exit.StopAsync();
        await _sandbox.DisposeAsync();
    }

    [RootFact]
    public async Task Both_ends_of_a_live_tunnel_read_over_UAPI_exactly_as_wg_show_dump_reports_them()
    {
        _tunnel = await _driver.CreateTunnelAsync(new DesiredTunnel("t1", "wireguard", TunnelMode.Proxy, BackendKind.Auto, new WireGuardConfig(
            new Secret(_exit.ClientPrivateKey), [TestExit.ClientAddress + "/32"], [TestExit.TunnelAddress], null,
            [new WireGuardPeer(_exit.PublicKey, TestExit.Endpoint, ["0.0.0.0/0", "::/0"], null, 25)])), CancellationToken.None);
        _tunnel.Backend.Should().Be(BackendKind.Userspace, "this machine has no kernel WireGuard");

        // The driver prompts a handshake when it builds the tunnel; wait for it to complete.
        await Eventually.ThatAsync(async () => (await WgDumpAsync(_tunnel.Namespace, _tunnel.Interface))?.LatestHandshake is not null,
            TimeSpan.FromSeconds(20), "the first handshake");

        await ExpectSameAsync(_tunnel.Namespace, _tunnel.Interface, expectedPublicKey: _exit.ClientPublicKey);
        await ExpectSameAsync(_exit.Namespace, _exit.Interface, expectedPublicKey: _exit.PublicKey);
    }

    /// <summary>
    /// The counters move only with traffic; a keepalive may land between two reads, so the UAPI read
    /// is taken again until it matches a `wg` read taken just before it (a real mismatch never does).
    /// </summary>
    private async Task ExpectSameAsync(string ns, string iface, string expectedPublicKey)
    {
        WgDump? fromWg = null;
        WgDump? fromUapi = null;
        await Eventually.ThatAsync(async () =>
        {
            fromWg = await WgDumpAsync(ns, iface);
            fromUapi = await UapiClient.GetAsync($"/var/run/wireguard/{iface}.sock", TimeSpan.FromSeconds(5), CancellationToken.None);
            return fromWg is not null && fromUapi is not null && fromWg.RxBytes == fromUapi.RxBytes && fromWg.TxBytes == fromUapi.TxBytes;
        }, TimeSpan.FromSeconds(10), $"two quiet reads of {iface}");

        fromUapi.Should().BeEquivalentTo(fromWg, options => options.WithStrictOrdering());
        fromUapi!.PublicKey.Should().Be(expectedPublicKey);
        fromUapi.Peers.Should().ContainSingle().Which.LatestHandshake.Should().NotBeNull();
    }

    private static async Task<WgDump?> WgDumpAsync(string ns, string iface)
    {
        var result = await Run.ProgramAsync(["ip", "netns", "exec", ns, "wg", "show", iface, "dump"]);
        return result.ExitCode == 0 ? WgDumpParser.Parse(result.Stdout) : null;
    }
}
