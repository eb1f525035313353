using Tunmux.Runtime.Resolution;
using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Providers.AirVpn;
using Tunmux.Crypto;
using Tunmux.Testing.TestServers.AirVpn;
using static Tunmux.Providers.Tests.AirVpn.AirVpnTunnels;

namespace Tunmux.Providers.Tests.AirVpn;

public sealed class AirVpnTunnelSourceTests : IAsyncLifetime
{
    private readonly AirVpnFixture _airvpn = new();

    public async Task InitializeAsync() => await _airvpn.LoginAsync();

    public async Task DisposeAsync() => await _airvpn.DisposeAsync();

    private AirVpnTunnelSource Source => new(_airvpn.Options);

    [Fact]
    public async Task The_config_uses_the_device_key_the_account_server_key_and_the_servers_entry_address()
    {
        var resolution = await Source.ResolveAsync(Tunnel(server: new ServerSelectorSpec { Name = "Castor" }), CancellationToken.None);

        resolution.Errors.Should().BeEmpty();
        resolution.Server.Should().Be("Castor");
        var device = _airvpn.Account.Devices[0];
        var config = resolution.Config!;
        config.PrivateKey.Should().Be(new Secret(device.PrivateKey));
        WireGuardKeyPair.FromPrivateKey(Convert.FromBase64String(config.PrivateKey.Reveal())).PublicKey.Should().Be(device.PublicKey);
        config.Addresses.Should().Equal(device.Ipv4, device.Ipv6);
        config.Dns.Should().Equal("10.128.0.1", "fd7d:76ee:e68f:a993::1");
        config.Mtu.Should().Be(1320);
        var peer = config.Peers.Single();
        peer.PublicKey.Should().Be(_airvpn.Account.ServerPublicKey);
        peer.Endpoint.Should().Be("127.0.10.1:1637", "the first WireGuard mode's port at ips_entry[entry_index]");
        peer.PresharedKey.Should().Be(new Secret(device.PresharedKey));
        peer.AllowedIps.Should().Equal("0.0.0.0/0", "::/0");
    }

    [Fact]
    public async Task Without_latencies_the_best_Eddie_score_wins_on_load_and_users()
    {
        var resolution = await Source.ResolveAsync(Tunnel(server: new ServerSelectorSpec { Country = "NL" }), CancellationToken.None);

        resolution.Server.Should().Be("Vega", "Vega scores 16 + 8 against Castor's 320 + 40");
    }

    [Fact]
    public async Task Measured_latency_counts_in_the_score_and_decides_sort_by_latency()
    {
        _airvpn.Latency.Milliseconds["Castor"] = 5;
        _airvpn.Latency.Milliseconds["Vega"] = 400;
        _airvpn.Latency.Milliseconds["Alchiba"] = 30;
        _airvpn.Latency.Milliseconds["Sirius"] = 90;

        var byScore = await Source.ResolveAsync(Tunnel("a"), CancellationToken.None);
        var byLatency = await Source.ResolveAsync(Tunnel("b", new ServerSelectorSpec { Sort = "latency" }), CancellationToken.None);
        var byLoad = await Source.ResolveAsync(Tunnel("c", new ServerSelectorSpec { Sort = "load" }), CancellationToken.None);

        byScore.Server.Should().Be("Alchiba", "30 + 48 + 16 beats Sirius 90 + 80 + 4 + 3 and Vega 400 + 24");
        byLatency.Server.Should().Be("Castor");
        byLoad.Server.Should().Be("Vega");
        _airvpn.Latency.Probes.Should().HaveCount(2, "sorting by load needs no ping");
        _airvpn.Latency.Probes[0].Should().Contain(("Castor", "127.0.10.1"));
    }

    [Fact]
    public async Task The_chosen_server_is_kept_while_it_still_fits_even_when_another_becomes_better()
    {
        var tunnel = Tunnel(server: new ServerSelectorSpec { Country = "NL" });
        (await Source.ResolveAsync(tunnel, CancellationToken.None)).Server.Should().Be("Vega");

        _airvpn.Latency.Milliseconds["Castor"] = 1;
        _airvpn.Latency.Milliseconds["Vega"] = 900;
        var again = await Source.ResolveAsync(tunnel, CancellationToken.None);

        again.Server.Should().Be("Vega");
        _airvpn.Latency.Probes.Should().HaveCount(1, "a kept server needs no new measurement");
    }

    [Fact]
    public async Task The_server_changes_when_it_leaves_the_list_or_no_longer_fits_the_selector()
    {
        var nl = Tunnel(server: new ServerSelectorSpec { Country = "NL" });
        (await Source.ResolveAsync(nl, CancellationToken.None)).Server.Should().Be("Vega");

        var moved = await Source.ResolveAsync(Tunnel(server: new ServerSelectorSpec { Country = "DE" }), CancellationToken.None);
        moved.Server.Should().Be("Alchiba");

        _airvpn.Server.Servers.RemoveAll(s => s.Name == "Vega");
        _airvpn.Time.Advance(TimeSpan.FromHours(7));
        var replaced = await Source.ResolveAsync(nl, CancellationToken.None);
        replaced.Server.Should().Be("Castor");
    }

    [Fact]
    public async Task A_stale_server_list_is_fetched_again_and_a_fresh_one_is_not()
    {
        await Source.ResolveAsync(Tunnel(), CancellationToken.None);
        _airvpn.Server.Calls.Count(c => c.Act == "manifest").Should().Be(1, "login fetched it");

        _airvpn.Time.Advance(TimeSpan.FromHours(7));
        await Source.ResolveAsync(Tunnel(), CancellationToken.None);

        _airvpn.Server.Calls.Count(c => c.Act == "manifest").Should().Be(2);
        _airvpn.StoreFor().LoadManifest()!.FetchedAt.Should().Be(_airvpn.Time.Now);
    }

    [Fact]
    public async Task When_AirVPN_is_unreachable_a_stale_list_still_resolves()
    {
        await Source.ResolveAsync(Tunnel(), CancellationToken.None);
        _airvpn.Time.Advance(TimeSpan.FromDays(2));
        _airvpn.Server.Fault = AirVpnTestFault.Http500;

        var resolution = await Source.ResolveAsync(Tunnel(), CancellationToken.None);

        resolution.Errors.Should().BeEmpty();
        resolution.Server.Should().Be("Vega");
    }

    [Fact]
    public async Task A_changed_password_is_reported_on_the_account()
    {
        _airvpn.Account.Password = "changed on the website";
        _airvpn.Time.Advance(TimeSpan.FromDays(1));

        var resolution = await Source.ResolveAsync(Tunnel(), CancellationToken.None);

        var problem = resolution.Errors.Single();
        problem.FieldPath.Should().Be("spec.account");
        problem.Message.Should().Contain("Not authorized").And.Contain("tunmux airvpn login");
        resolution.Config.Should().BeNull();
    }

    [Theory]
    [InlineData("name", "spec.server.name", "no server named \"Polaris\"")]
    [InlineData("country", "spec.server.country", "no AirVPN server in FR; countries with servers: DE, NL, US")]
    [InlineData("city", "spec.server.city", "no AirVPN server in city \"Rotterdam\" in NL; cities left: Amsterdam")]
    [InlineData("maxLoad", "spec.server.maxLoad", "all 2 AirVPN servers left are loaded above 10% (least loaded: Vega at 16%)")]
    [InlineData("nameAndCountry", "spec.server.country", "server Castor is in nl, not DE")]
    public async Task When_no_server_matches_the_error_names_the_filter_that_emptied_the_list(string filter, string field, string message)
    {
        var selector = filter switch
        {
            "name" => new ServerSelectorSpec { Name = "Polaris" },
            "country" => new ServerSelectorSpec { Country = "FR" },
            "city" => new ServerSelectorSpec { Country = "NL", City = "Rotterdam" },
            "maxLoad" => new ServerSelectorSpec { Country = "NL", MaxLoad = 10 },
            _ => new ServerSelectorSpec { Name = "Castor", Country = "DE" },
        };

        var resolution = await Source.ResolveAsync(Tunnel(server: selector), CancellationToken.None);

        var problem = resolution.Errors.Single();
        problem.FieldPath.Should().Be(field);
        problem.Message.Should().Contain(message);
    }

    [Fact]
    public async Task The_device_label_picks_the_device_and_matches_names_with_spaces()
    {
        var labels = new Dictionary<string, string> { [AirVpnDevices.Label] = "my-desktop" };

        var resolution = await Source.ResolveAsync(Tunnel(labels: labels), CancellationToken.None);

        resolution.Config!.PrivateKey.Should().Be(new Secret(_airvpn.Account.Devices[1].PrivateKey));
    }

    [Fact]
    public async Task A_device_added_on_the_website_is_found_by_fetching_the_devices_again()
    {
        var phone = _airvpn.Account.AddDevice("phone");
        var labels = new Dictionary<string, string> { [AirVpnDevices.Label] = "phone" };

        var resolution = await Source.ResolveAsync(Tunnel(labels: labels), CancellationToken.None);

        resolution.Config!.PrivateKey.Should().Be(new Secret(phone.PrivateKey));
        _airvpn.StoreFor().LoadSession()!.User.Keys.Should().HaveCount(3);
    }

    [Fact]
    public async Task An_unknown_device_is_reported_on_the_label_with_the_devices_there_are()
    {
        var labels = new Dictionary<string, string> { [AirVpnDevices.Label] = "tablet" };

        var resolution = await Source.ResolveAsync(Tunnel(labels: labels), CancellationToken.None);

        var problem = resolution.Errors.Single();
        problem.FieldPath.Should().Be("metadata.labels.tunmux.io/airvpn-device");
        problem.Message.Should().Contain("no device \"tablet\"").And.Contain("\"laptop\", \"My desktop\"");
    }

    [Fact]
    public async Task Without_a_stored_login_the_error_says_how_to_log_in()
    {
        var named = await Source.ResolveAsync(Tunnel(account: new AccountSpec { Name = "bob" }), CancellationToken.None);

        named.Errors.Single().Should().Be(new Runtime.Resolution.ProviderProblem("spec.account.name", "no AirVPN login \"bob\" is stored; run `tunmux airvpn login bob`"));
    }

    [Fact]
    public async Task A_named_login_resolves_with_its_own_devices()
    {
        var bob = _airvpn.Server.AddAccount("bob", "bobs password", "router");
        await AirVpnLogin.LoginAsync(_airvpn.Client(), new AirVpnCredentials("bob", new Secret("bobs password")), _airvpn.StoreFor("bob"), null, _airvpn.Time, CancellationToken.None);

        var resolution = await Source.ResolveAsync(Tunnel(account: new AccountSpec { Name = "bob" }), CancellationToken.None);

        resolution.Config!.PrivateKey.Should().Be(new Secret(bob.Devices[0].PrivateKey));
        resolution.Config.Peers[0].PublicKey.Should().Be(bob.ServerPublicKey);
    }

    [Fact]
    public async Task A_credentials_file_logs_in_without_a_stored_login_and_caches_in_the_daemon_folder()
    {
        var file = _airvpn.Folder.Combine("airvpn-credentials.yaml");
        File.WriteAllText(file, "login: alice\npassword: \"correct horse battery staple\"\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var resolution = await Source.ResolveAsync(Tunnel(account: new AccountSpec { CredentialsFile = file }), CancellationToken.None);
        var again = await Source.ResolveAsync(Tunnel(account: new AccountSpec { CredentialsFile = file }), CancellationToken.None);

        resolution.Errors.Should().BeEmpty();
        again.Config!.PrivateKey.Should().Be(resolution.Config!.PrivateKey);
        again.Server.Should().Be(resolution.Server);
        Directory.GetFiles(Path.Combine(_airvpn.DaemonRoot, "credentials"), "session.json", SearchOption.AllDirectories).Should().ContainSingle();
        _airvpn.Server.Calls.Count(c => c.Act == "user").Should().Be(2, "one at login, one for the file; the second resolve used the cache");
    }

    [Fact]
    public async Task A_credentials_file_others_can_read_is_refused_without_quoting_it()
    {
        var file = _airvpn.Folder.Combine("open.yaml");
        File.WriteAllText(file, "login: alice\npassword: secret-value\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var resolution = await Source.ResolveAsync(Tunnel(account: new AccountSpec { CredentialsFile = file }), CancellationToken.None);

        var problem = resolution.Errors.Single();
        problem.FieldPath.Should().Be("spec.account.credentialsFile");
        problem.Message.Should().Contain("chmod 600").And.NotContain("secret-value");
    }
}
