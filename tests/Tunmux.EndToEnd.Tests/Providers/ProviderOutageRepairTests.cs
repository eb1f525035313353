using System.Globalization;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Testing.TestServers.Proton;
using Xunit.Abstractions;

namespace Tunmux.EndToEnd.Tests.Providers;

/// <summary>
/// Issue #9: a transient provider error never blocks a repair that needs no answer from the
/// provider. A Proton tunnel runs under the daemon; then the Proton API goes away (the test server
/// stops, and the cached server list is removed, so resolving the tunnel really needs the API)
/// and the proxy worker is killed. The daemon restarts the worker with the last resolved spec and
/// traffic flows through the same tunnel again, while the provider is still unreachable.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ProviderOutageRepairTests(ITestOutputHelper output)
{
    private const string Tunnel = "proton-ch";

    [RootFact]
    public async Task A_proxy_worker_killed_while_the_provider_API_is_down_is_restarted_and_carries_traffic_again()
    {
        await using var lab = await ProviderLab.StartAsync(exits: 1);
        var proton = ProtonLab.StartServer();
        var protonRunning = true;
        try
        {
            proton.Logicals = [TestLogicals.Server("CH#1", "CH", 1, score: 0.1, entryIp: ProviderLab.EntryIp, publicKey: lab.ServerPublicKey)];
            await lab.LogInToProtonAsync(proton);

            await using var daemon = await lab.StartDaemonAsync(DaemonProcess.ShortHealthPolicy);
            await lab.ApplyAsync(Tunnel, "proton", "{country: CH}", "--wait", "--timeout", "60s");
            (await lab.WhoamiThroughTheProxyAsync()).Should().Be(ProviderLab.EntryIp);

            // The provider goes away, and so does the cached server list: resolving now needs the API.
            await proton.DisposeAsync();
            protonRunning = false;
            var caches = Directory.GetFiles(lab.ConfigDir, "servers.json", SearchOption.AllDirectories);
            caches.Should().NotBeEmpty("the Proton source caches its server list in the config folder");
            foreach (var cache in caches)
            {
                File.Delete(cache);
            }

            var worker = await ExitRecords.ProxyWorkerPidAsync(lab.Lab, Tunnel);
            (await Run.ProgramAsync(["kill", "-9", worker.ToString(CultureInfo.InvariantCulture)])).EnsureSuccess("kill -9 the proxy worker");

            await ExitRecords.WaitPidAsync(lab.Lab, "proxies", Tunnel, ExitRecords.ProxyWorker, not: worker, limit: TimeSpan.FromSeconds(60));
            (await lab.WhoamiThroughTheProxyAsync()).Should().Be(ProviderLab.EntryIp, "the repaired worker leaves through the same tunnel");
            await Eventually.ThatAsync(
                () => Task.FromResult(daemon.Log.Contains("the provider could not be asked", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(30),
                "the daemon to report the provider unreachable");
            output.WriteLine(string.Join('\n', daemon.Log.Split('\n').Where(l => l.Contains(Tunnel, StringComparison.Ordinal)).TakeLast(12)));
        }
        finally
        {
            if (protonRunning)
            {
                await proton.DisposeAsync();
            }
        }
    }
}
