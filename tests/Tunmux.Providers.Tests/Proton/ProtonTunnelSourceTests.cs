using System.Text.Json.Nodes;
using Tunmux.Runtime.Resolution;
using Tunmux.Api.Model;
using Tunmux.Core.Providers;
using Tunmux.Providers.Proton;
using Tunmux.Testing.TestServers.Proton;

namespace Tunmux.Providers.Tests.Proton;

/// <summary>Issue #5: `provider: proton` tunnels resolved against the Proton test server.</summary>
public sealed class ProtonTunnelSourceTests
{
    private static TunnelManifest Tunnel(ServerSelectorSpec? server = null, AccountSpec? account = null, bool portForwarding = false, string name = "us-1") => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new TunnelSpec { Provider = ProviderNames.Proton, Server = server, Account = account, PortForwarding = portForwarding },
    };

    private static async Task<ProviderResolution> ResolveAsync(ProtonTestbed bed, TunnelManifest tunnel) =>
        await bed.Source().ResolveAsync(tunnel, CancellationToken.None);

    [Fact]
    public async Task A_tunnel_resolves_to_the_best_server_with_the_derived_wireguard_key()
    {
        await using var bed = ProtonTestbed.Start();
        var session = await bed.LoginAsync();

        var resolution = await ResolveAsync(bed, Tunnel(new ServerSelectorSpec { Country = "us" }));

        resolution.Errors.Should().BeEmpty();
        resolution.Server.Should().Be("US#1");
        var config = resolution.Config!;
        config.PrivateKey.Should().Be(session.Keys().WireGuard.PrivateKey);
        config.Addresses.Should().Equal("10.2.0.2/32");
        config.Dns.Should().Equal("10.2.0.1");
        var peer = config.Peers.Single();
        peer.PublicKey.Should().Be(TestLogicals.KeyOf(1));
        peer.Endpoint.Should().Be("198.51.100.1:51820");
        peer.AllowedIps.Should().Equal("0.0.0.0/0", "::/0");
    }

    [Fact]
    public async Task The_chosen_server_stays_while_it_matches_and_changes_when_it_goes_down()
    {
        await using var bed = ProtonTestbed.Start();
        await bed.LoginAsync();
        var tunnel = Tunnel(new ServerSelectorSpec { Country = "US" });
        (await ResolveAsync(bed, tunnel)).Server.Should().Be("US#1");

        bed.Server.Logicals = [TestLogicals.Server("US#1", "US", 1, score: 5.0), TestLogicals.Server("US#2", "US", 2, score: 1.0)];
        bed.Clock.Advance(TimeSpan.FromHours(2));
        var stillMatching = await ResolveAsync(bed, tunnel);
        bed.Server.Logicals = [TestLogicals.Server("US#1", "US", 1, score: 5.0, status: 0), TestLogicals.Server("US#2", "US", 2, score: 1.0)];
        bed.Clock.Advance(TimeSpan.FromHours(2));
        var afterOutage = await ResolveAsync(bed, tunnel);

        stillMatching.Server.Should().Be("US#1", "a better score alone is no reason to move a tunnel");
        afterOutage.Server.Should().Be("US#2");
        bed.Store.LoadChoice("us-1")!.Server.Should().Be("US#2");
    }

    [Theory]
    [InlineData("XX", null, null, "spec.server.country", "no server left after filter country=XX")]
    [InlineData(null, "Atlantis", null, "spec.server.city", "no server left after filter city=Atlantis")]
    [InlineData("US", null, 5, "spec.server.maxLoad", "no server left after filter maxLoad=5")]
    public async Task A_filter_that_leaves_no_server_is_named_with_its_field(string? country, string? city, int? maxLoad, string field, string message)
    {
        await using var bed = ProtonTestbed.Start();
        await bed.LoginAsync();

        var resolution = await ResolveAsync(bed, Tunnel(new ServerSelectorSpec { Country = country, City = city, MaxLoad = maxLoad }));

        resolution.Config.Should().BeNull();
        resolution.Errors.Should().ContainSingle().Which.FieldPath.Should().Be(field);
        resolution.Errors[0].Message.Should().StartWith(message);
    }

    [Fact]
    public async Task Features_tiers_and_the_accounts_plan_narrow_the_choice()
    {
        await using var bed = ProtonTestbed.Start();
        await bed.LoginAsync();
        await bed.LoginAsync(ProtonTestbed.Freddie);

        var secureCore = await ResolveAsync(bed, Tunnel(new ServerSelectorSpec { Features = ["secure-core"] }, new AccountSpec { Name = "alice" }, name: "sc"));
        var p2p = await ResolveAsync(bed, Tunnel(new ServerSelectorSpec { Country = "CH", Features = ["p2p"] }, new AccountSpec { Name = "alice" }, name: "p2p"));
        var free = await ResolveAsync(bed, Tunnel(new ServerSelectorSpec { Tier = "free" }, new AccountSpec { Name = "alice" }, name: "free"));
        var freeAccount = await ResolveAsync(bed, Tunnel(account: new AccountSpec { Name = "freddie" }, name: "freddie"));
        var freeAccountInUs = await ResolveAsync(bed, Tunnel(new ServerSelectorSpec { Country = "US" }, new AccountSpec { Name = "freddie" }, name: "freddie-us"));

        secureCore.Server.Should().Be("CH#2");
        p2p.Server.Should().Be("CH#1");
        free.Server.Should().Be("JP-FREE#1");
        freeAccount.Server.Should().Be("JP-FREE#1");
        freeAccountInUs.Errors.Single().FieldPath.Should().Be("spec.account");
    }

    [Fact]
    public async Task Without_a_login_the_account_field_says_how_to_log_in()
    {
        await using var bed = ProtonTestbed.Start();

        var resolution = await ResolveAsync(bed, Tunnel());

        resolution.Errors.Should().ContainSingle().Which.FieldPath.Should().Be("spec.account");
        resolution.Errors[0].Message.Should().Contain("tunmux proton login");
    }

    [Fact]
    public async Task A_certificate_close_to_expiry_is_renewed_for_the_same_key()
    {
        await using var bed = ProtonTestbed.Start();
        var session = await bed.LoginAsync();
        await ResolveAsync(bed, Tunnel());
        bed.Server.Certificates.Should().HaveCount(1, "a fresh certificate is not renewed");

        bed.Clock.Advance(TimeSpan.FromDays(6.5));
        var resolution = await ResolveAsync(bed, Tunnel());

        resolution.Errors.Should().BeEmpty();
        bed.Server.Certificates.Should().HaveCount(2);
        bed.Server.Certificates[1].Fingerprint.Should().Be(session.Fingerprint);
        var renewed = bed.Store.LoadSession("alice")!;
        renewed.CertificateExpires.Should().BeCloseTo(bed.Clock.GetUtcNow() + TimeSpan.FromDays(7), TimeSpan.FromSeconds(1));
        renewed.Certificate.Should().NotBe(session.Certificate);
        resolution.Config!.PrivateKey.Should().Be(session.Keys().WireGuard.PrivateKey, "renewal keeps the WireGuard key");
    }

    [Fact]
    public async Task Port_forwarding_needs_a_p2p_server_and_a_certificate_with_the_feature()
    {
        await using var bed = ProtonTestbed.Start();
        await bed.LoginAsync();

        var resolution = await ResolveAsync(bed, Tunnel(portForwarding: true));

        resolution.Server.Should().Be("CH#1");
        bed.Server.Certificates.Last().PortForwarding.Should().BeTrue();
        bed.Store.LoadSession()!.CertificatePortForwarding.Should().BeTrue();
    }

    [Fact]
    public async Task Refreshed_tokens_are_stored()
    {
        await using var bed = ProtonTestbed.Start();
        var session = await bed.LoginAsync();
        bed.Clock.Advance(TimeSpan.FromHours(2));

        var resolution = await ResolveAsync(bed, Tunnel());

        resolution.Errors.Should().BeEmpty();
        bed.Server.Calls("POST auth/v4/refresh").Should().Be(1);
        bed.Store.LoadSession()!.AccessToken.Should().NotBe(session.AccessToken);
    }

    [Fact]
    public async Task A_credentials_file_logs_in_unattended_with_a_totp_secret_file_and_again_after_revocation()
    {
        await using var bed = ProtonTestbed.Start();
        bed.Write("totp", ProtonTestbed.TotpSecret);
        var credentials = bed.Write("proton.yaml", $"username: bob\npassword: \"{ProtonTestbed.Password}\"\ntotpSecretFile: totp\n");
        var tunnel = Tunnel(account: new AccountSpec { CredentialsFile = credentials });

        var first = await ResolveAsync(bed, tunnel);
        bed.Server.RevokeAllSessions();
        bed.Clock.Advance(TimeSpan.FromHours(2));
        var afterRevocation = await ResolveAsync(bed, tunnel);

        first.Errors.Should().BeEmpty();
        afterRevocation.Errors.Should().BeEmpty();
        bed.Server.Calls("POST auth/v4").Should().Be(2);
        bed.Store.LoadSession("bob").Should().NotBeNull();
    }

    [Fact]
    public async Task A_wrong_password_in_the_credentials_file_stores_nothing()
    {
        await using var bed = ProtonTestbed.Start();
        var credentials = bed.Write("proton.json", """{"username": "alice", "password": "nope"}""");

        var resolution = await ResolveAsync(bed, Tunnel(account: new AccountSpec { CredentialsFile = credentials }));

        resolution.Errors.Should().ContainSingle().Which.Should().Be(
            new ProviderProblem("spec.account", "Proton refused the login: wrong user name or password"));
        bed.Store.LoadSession("alice").Should().BeNull();
        Directory.Exists(Path.Combine(bed.Store.Directory, "sessions")).Should().BeFalse();
    }

    [Theory]
    [InlineData("username: alice\n", "has no password")]
    [InlineData("{\"username\": ", "is not a JSON object")]
    public async Task A_credentials_file_that_cannot_be_used_is_named_on_its_field(string content, string message)
    {
        await using var bed = ProtonTestbed.Start();
        var credentials = bed.Write("proton.creds", content);

        var resolution = await ResolveAsync(bed, Tunnel(account: new AccountSpec { CredentialsFile = credentials }));

        resolution.Errors.Should().ContainSingle().Which.FieldPath.Should().Be("spec.account.credentialsFile");
        resolution.Errors[0].Message.Should().Be($"the credentials file {credentials} {message}");
        bed.Server.Calls("POST auth/v4/info").Should().Be(0);
    }

    [Fact]
    public async Task An_unreachable_api_falls_back_to_the_cached_list_while_the_certificate_is_valid()
    {
        await using var bed = ProtonTestbed.Start();
        await bed.LoginAsync();
        (await ResolveAsync(bed, Tunnel())).Errors.Should().BeEmpty();
        var offline = new ProtonTunnelSource(
            bed.Store,
            new Providers.Proton.Client.ProtonClientOptions { BaseUrl = new Uri($"http://127.0.0.1:{Sessions.ProtonLoginTests.ClosedPort()}/") },
            bed.Clock);
        bed.Clock.Advance(TimeSpan.FromHours(3));

        var resolution = await offline.ResolveAsync(Tunnel(), CancellationToken.None);

        resolution.Errors.Should().BeEmpty();
        resolution.Server.Should().Be("US#1");
    }

    [Fact]
    public async Task A_malformed_server_list_without_a_cache_is_an_error_on_the_provider()
    {
        await using var bed = ProtonTestbed.Start();
        await bed.LoginAsync();
        bed.Server.Fail("vpn/v1/logicals", ProtonFault.MalformedJson);

        var resolution = await ResolveAsync(bed, Tunnel());

        resolution.Errors.Should().ContainSingle().Which.FieldPath.Should().Be("spec.provider");
        resolution.Errors[0].Message.Should().Contain("not the expected JSON");
        resolution.Errors[0].Transient.Should().BeFalse("an answer that is not Proton's is not fixed by asking again");
    }

    [Fact]
    public async Task An_unreachable_api_without_a_cached_list_is_a_transient_problem_worth_retrying()
    {
        await using var bed = ProtonTestbed.Start();
        await bed.LoginAsync(); // stores the session; the server list is not fetched yet
        var offline = new ProtonTunnelSource(
            bed.Store,
            new Providers.Proton.Client.ProtonClientOptions { BaseUrl = new Uri($"http://127.0.0.1:{Sessions.ProtonLoginTests.ClosedPort()}/") },
            bed.Clock);

        var resolution = await offline.ResolveAsync(Tunnel(), CancellationToken.None);

        var problem = resolution.Errors.Should().ContainSingle().Subject;
        problem.Transient.Should().BeTrue("the daemon retries with backoff and leaves the running exit alone");
        problem.FieldPath.Should().Be("spec.provider");
        resolution.Config.Should().BeNull();
    }

    [Fact]
    public async Task Sorting_by_latency_picks_the_nearest_server_that_answered()
    {
        await using var bed = ProtonTestbed.Start();
        await bed.LoginAsync();
        var probe = new FixedLatencies(new Dictionary<string, long> { ["US#1"] = 90, ["US#2"] = 12 });

        var resolution = await bed.Source(new ProtonSourceOptions { LatencyProbe = probe })
            .ResolveAsync(Tunnel(new ServerSelectorSpec { Country = "US", Sort = "latency" }), CancellationToken.None);

        resolution.Server.Should().Be("US#2");
        probe.Asked.Should().BeEquivalentTo([("US#1", "198.51.100.1"), ("US#2", "198.51.100.2")]);
    }

    private sealed class FixedLatencies(Dictionary<string, long> milliseconds) : Tunmux.Providers.Latency.ILatencyProbe
    {
        public List<(string Name, string Address)> Asked { get; } = [];

        public Task<IReadOnlyDictionary<string, long>> MeasureAsync(IReadOnlyList<(string Name, string Address)> targets, CancellationToken cancellationToken)
        {
            Asked.AddRange(targets);
            return Task.FromResult<IReadOnlyDictionary<string, long>>(milliseconds);
        }
    }
}
