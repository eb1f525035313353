using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Testing.TestServers.Proton;

namespace Tunmux.EndToEnd.Tests.Providers;

/// <summary>The Proton side of the provider lab tests: the test server with the account alice, and the real CLI's login to it.</summary>
internal static class ProtonLab
{
    public const string Password = "correct horse battery staple";

    /// <summary>The Proton test server with the account alice, on a clock that starts now.</summary>
    public static ProtonTestServer StartServer() => ProtonTestServer.Start(new ManualClock(DateTimeOffset.UtcNow), new ProtonTestAccount("alice", Password));

    /// <summary>
    /// Points tunmux in the sandbox at <paramref name="proton"/> (through the returned relay), logs in as
    /// alice with SRP and lets every exit accept the key Proton certified: Proton's servers accept the
    /// X25519 form of the Ed25519 key it certified.
    /// </summary>
    public static async Task<NamespaceRelay> LogInToProtonAsync(this ProviderLab lab, ProtonTestServer proton)
    {
        var relay = lab.Serve(proton.BaseUrl, "TUNMUX_PROTON_API_URL");
        (await lab.TunmuxAsync(Password + "\n", "proton", "login", "alice", "--password-stdin")).EnsureSuccess("proton login");
        await lab.AcceptPeerAsync(proton.CertifiedWireGuardKeys.Single(), "10.2.0.2/32");
        return relay;
    }
}
