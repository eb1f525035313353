using System.Globalization;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Testing.TestServers.Proton;
using Xunit.Abstractions;

namespace Tunmux.EndToEnd.Tests.Providers;

/// <summary>
/// Issue #4 and #5 together: a provider tunnel under the daemon whose server stops answering is
/// failed over to the next server that matches spec.server, on real WireGuard. The Proton test
/// server lists two lab exits as two Swiss servers (both accept the account's key) and, best of
/// all by score, a US server that answers nothing: a failover that ignored the selector would
/// land there and never carry traffic again.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ProviderFailoverTests(ITestOutputHelper output)
{
    private const string Tunnel = "proton-ch";

    // TEST-NET-2: documentation addresses that lead nowhere.
    private const string Nowhere = "198.51.100.7";

    [RootFact]
    public async Task A_Proton_tunnel_whose_server_stops_answering_fails_over_to_the_next_matching_server()
    {
        await using var lab = await ProviderLab.StartAsync(exits: 2);
        await using var proton = ProtonLab.StartServer();
        proton.Logicals =
        [
            TestLogicals.Server("US#1", "US", 1, score: 0.05, entryIp: Nowhere),
            TestLogicals.Server("CH#1", "CH", 2, score: 0.1, entryIp: ProviderLab.EntryIpOf(1), publicKey: lab.ServerPublicKeyOf(1)),
            TestLogicals.Server("CH#2", "CH", 3, score: 1.0, entryIp: ProviderLab.EntryIpOf(2), publicKey: lab.ServerPublicKeyOf(2)),
        ];
        await lab.LogInToProtonAsync(proton);

        await using var daemon = await lab.StartDaemonAsync(DaemonProcess.ShortHealthPolicy);
        await lab.ApplyAsync(Tunnel, "proton", "{country: CH}", "--wait", "--timeout", "60s");
        (await lab.WhoamiThroughTheProxyAsync()).Should().Be(ProviderLab.EntryIpOf(1), "CH#1 is the best Swiss server");
        (await lab.StatusAsync()).Should().MatchRegex(ProviderLab.StatusRow(Tunnel, "proton", "CH#1"));
        var seenBefore = lab.Lab.WhoamiLines().Count;

        await lab.Lab.DropWireGuardAtExitAsync(1);
        var (attempts, answers) = (0, new List<string>());
        var took = await Eventually.ThatAsync(
            async () =>
            {
                attempts++;
                var answer = await lab.WhoamiOnceAsync(maxSeconds: 2);
                if (answer is not null)
                {
                    answers.Add(answer);
                }

                return answer == ProviderLab.EntryIpOf(2);
            },
            TimeSpan.FromSeconds(60),
            "traffic through the same proxy to leave from the second Swiss server");
        output.WriteLine($"traffic back through CH#2 after {took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s; answers: {string.Join(", ", answers)}");

        string[] exits = [ProviderLab.EntryIpOf(1), ProviderLab.EntryIpOf(2)];
        answers.Should().OnlyContain(address => exits.Contains(address), "the proxy answered only through one of the tunnel's servers");
        answers.Count.Should().BeLessThan(attempts, "while no server answered, the proxy failed closed instead of going around the tunnel");
        lab.Lab.WhoamiLines().Skip(seenBefore).Select(line => line.Split(' ')[1]).Should()
            .OnlyContain(address => exits.Contains(address), "while the tunnel failed over, nothing reached the lab except through a tunnel");
        (await lab.Lab.DroppedWireGuardPacketsAtExitAsync(1)).Should().BePositive("the tunnel kept knocking at CH#1 after it went deaf");

        // Traffic flows as soon as the new server is configured; the daemon records the switch a
        // moment later, so what status and describe show is waited for.
        await Eventually.ThatAsync(
            async () => System.Text.RegularExpressions.Regex.IsMatch(await lab.StatusAsync(), ProviderLab.StatusRow(Tunnel, "proton", "CH#2")),
            TimeSpan.FromSeconds(30),
            "status to show the tunnel on CH#2");
        var describe = "";
        await Eventually.ThatAsync(
            async () => System.Text.RegularExpressions.Regex.IsMatch(
                describe = (await lab.TunmuxAsync(null, "describe", "tunnel", Tunnel)).EnsureSuccess("describe").Stdout, @"(?m)^Server:\s+CH#2\s*$"),
            TimeSpan.FromSeconds(30),
            "describe to show the tunnel on CH#2");
        output.WriteLine(describe);
        describe.Should().Contain("failing over from server CH#1 to server CH#2, because");
        // The daemon's console logger writes from a queue of its own, so its log is waited for, not read once.
        await Eventually.ThatAsync(
            () => Task.FromResult(daemon.Log.Contains("server CH#1 marked unhealthy", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            "the daemon's log to say CH#1 was marked unhealthy");
        proton.Calls("POST auth/v4").Should().Be(1, "the daemon used the stored session; failing over needs no new login");
    }
}
