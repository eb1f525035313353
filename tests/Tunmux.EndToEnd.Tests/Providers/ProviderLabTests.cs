using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Crypto;
using Tunmux.Testing.TestServers.AirVpn;
using Tunmux.Testing.TestServers.Mullvad;
using Tunmux.Testing.TestServers.Proton;

namespace Tunmux.EndToEnd.Tests.Providers;

/// <summary>
/// Issue #5 acceptance: per provider, its protocol-faithful test server hands out a lab exit as
/// the server, the real CLI logs in and applies a provider tunnel inside a sandbox, and traffic
/// through the proxy leaves from that exit. Each test also lists a decoy server in another
/// country that answers nothing, so only the server the selector picks can pass traffic.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ProviderLabTests
{
    private const string Password = "correct horse battery staple";
    private const string MullvadAccount = "1234567890123456";

    // TEST-NET-2: documentation addresses that lead nowhere.
    private const string Nowhere = "198.51.100.7";

    [RootFact]
    public async Task A_Proton_tunnel_logs_in_with_SRP_and_passes_traffic_through_the_lab_exit_it_was_handed()
    {
        await using var lab = await ProviderLab.StartAsync();
        await using var proton = ProtonLab.StartServer();
        proton.Logicals =
        [
            TestLogicals.Server("US#1", "US", 1, score: 0.1, entryIp: Nowhere),
            TestLogicals.Server("CH#9", "CH", 9, score: 1.0, entryIp: ProviderLab.EntryIp, publicKey: lab.ServerPublicKey),
        ];
        var relay = await lab.LogInToProtonAsync(proton);
        await lab.ApplyAsync("proton-ch", "proton", "{country: CH}");

        (await lab.WhoamiThroughTheProxyAsync()).Should().Be(ProviderLab.EntryIp);
        (await lab.StatusAsync()).Should().MatchRegex(ProviderLab.StatusRow("proton-ch", "proton", "CH#9"));
        relay.Connections.Should().BePositive("tunmux reached the API from inside the sandbox, through the relay");
        proton.Calls("POST auth/v4").Should().Be(1, "one SRP login");
    }

    [RootFact]
    public async Task A_Mullvad_tunnel_uses_the_device_key_it_registered_and_passes_traffic_through_the_lab_exit()
    {
        await using var lab = await ProviderLab.StartAsync();
        await using var mullvad = new MullvadTestServer();
        mullvad.AddAccount(MullvadAccount);
        mullvad.Relays.AddRange(
        [
            new("se-got-wg-001", "se-got", "Sweden", "Gothenburg", Nowhere, Sodium.GenerateWireGuardKeyPair().PublicKey, Weight: 500),
            new("ch-zrh-wg-001", "ch-zrh", "Switzerland", "Zurich", ProviderLab.EntryIp, lab.ServerPublicKey),
        ]);
        lab.Serve(mullvad.BaseUri, "TUNMUX_MULLVAD_API_URL");

        (await lab.TunmuxAsync(MullvadAccount + "\n", "mullvad", "login", "--account-stdin")).EnsureSuccess("mullvad login");
        var device = mullvad.Accounts[MullvadAccount].Single();
        await lab.AcceptPeerAsync(device.PublicKey, device.Ipv4);
        await lab.ApplyAsync("mullvad-ch", "mullvad", "{country: CH}");

        (await lab.WhoamiThroughTheProxyAsync()).Should().Be(ProviderLab.EntryIp);
        (await lab.StatusAsync()).Should().MatchRegex(ProviderLab.StatusRow("mullvad-ch", "mullvad", "ch-zrh-wg-001"));
        mullvad.Accounts[MullvadAccount].Single().PublicKey.Should().Be(device.PublicKey, "the key the exit accepts is still the registered one");
    }

    [RootFact]
    public async Task An_AirVPN_tunnel_decrypts_its_device_from_the_API_and_passes_traffic_through_the_lab_exit()
    {
        await using var lab = await ProviderLab.StartAsync();
        await using var airvpn = new AirVpnTestServer();
        var account = airvpn.AddAccount("alice", Password, "lab");
        account.ServerPublicKey = lab.ServerPublicKey;
        airvpn.Servers.AddRange(
        [
            new("Vega", "NL", "Amsterdam", Nowhere, Bandwidth: 1_000_000, Users: 1),
            new("Castor", "CH", "Zurich", ProviderLab.EntryIp, Bandwidth: 200_000_000, Users: 100),
        ]);
        // The lab's WireGuard server listens on one port: offer only that mode.
        airvpn.WireGuardModes.Clear();
        airvpn.WireGuardModes.Add(("UDP", Tunmux.Lab.LabAddresses.WireGuardPort));
        var relay = lab.Serve(airvpn.BaseUri, "TUNMUX_AIRVPN_PROVIDER_FILE", airvpn.WriteEddieProviderFile(lab.ConfigDir));

        (await lab.TunmuxAsync(Password + "\n", "airvpn", "login", "alice", "--password-stdin")).EnsureSuccess("airvpn login");
        var device = account.Devices.Single();
        await lab.AcceptPeerAsync(device.PublicKey, device.Ipv4, device.PresharedKey);
        await lab.ApplyAsync("airvpn-ch", "airvpn", "{country: CH}");

        (await lab.WhoamiThroughTheProxyAsync()).Should().Be(ProviderLab.EntryIp);
        (await lab.StatusAsync()).Should().MatchRegex(ProviderLab.StatusRow("airvpn-ch", "airvpn", "Castor"));
        relay.Connections.Should().BePositive();
        airvpn.Calls.Should().Contain(("manifest", "alice"), "the server list came from the encrypted API");
    }
}
