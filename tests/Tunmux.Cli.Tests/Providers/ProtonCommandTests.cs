using System.Text.Json.Nodes;
using Tunmux.Providers.Proton.Sessions;
using Tunmux.Testing.TestServers.Proton;

namespace Tunmux.Cli.Tests.Providers;

/// <summary>Issue #5: `tunmux proton ...` end to end against the Proton test server and a fake host.</summary>
public sealed class ProtonCommandTests : IAsyncLifetime
{
    private readonly ProtonCliFixture _cli = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cli.DisposeAsync();

    [Fact]
    public async Task Login_reads_the_password_from_stdin_and_stores_a_private_session()
    {
        var code = await _cli.RunWithInputAsync(ProtonCliFixture.Password + "\n", "proton", "login", "alice", "--password-stdin");

        code.Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("Logged in as alice (VPN Plus, tier 2)");
        var file = _cli.Store.SessionPath("alice");
        File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var session = _cli.Store.LoadSession()!;
        (_cli.Stdout + _cli.Stderr).Should().NotContain(ProtonCliFixture.Password)
            .And.NotContain(session.AccessToken.Reveal())
            .And.NotContain(session.Ed25519PrivateKey.Reveal());
    }

    [Fact]
    public async Task Login_with_the_2fa_flag_passes_the_second_factor()
    {
        var code = Totp.Compute(ProtonCliFixture.TotpSecret, _cli.Clock.GetUtcNow());

        (await _cli.RunWithInputAsync(ProtonCliFixture.Password + "\n", "proton", "login", "bob", "--password-stdin", "--2fa", code)).Should().Be(0, _cli.Stderr);

        _cli.Store.LoadSession("bob").Should().NotBeNull();
    }

    [Fact]
    public async Task Login_without_a_second_factor_where_one_is_needed_stores_nothing()
    {
        var code = await _cli.RunWithInputAsync(ProtonCliFixture.Password + "\n", "proton", "login", "bob", "--password-stdin");

        code.Should().Be(3);
        _cli.Stderr.Should().Contain("needs a two-factor code: pass --2fa CODE");
        _cli.Store.LoadSession("bob").Should().BeNull();
    }

    [Fact]
    public async Task A_wrong_password_says_so_and_stores_nothing()
    {
        var code = await _cli.RunWithInputAsync("not the password\n", "proton", "login", "alice", "--password-stdin");

        code.Should().Be(3);
        _cli.Stderr.Should().Contain("wrong user name or password").And.NotContain("not the password");
        _cli.Store.LoadSession("alice").Should().BeNull();
    }

    [Fact]
    public async Task Login_without_a_password_source_asks_for_password_stdin()
    {
        (await _cli.RunAsync("proton", "login", "alice")).Should().Be(2);

        _cli.Stderr.Should().Contain("--password-stdin");
        _cli.Server.Calls("POST auth/v4/info").Should().Be(0);
    }

    [Fact]
    public async Task Connect_declares_a_tunnel_and_proxy_that_the_host_builds()
    {
        await _cli.LoginAsync();

        var code = await _cli.RunAsync("proton", "connect", "US#1", "--proxy");

        code.Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("tunnel/us-1 created").And.Contain("proxy/us-1 created").And.Contain("Connected us-1 (US#1)");
        _cli.Host.Tunnels["us-1"].PeerEndpoint.Should().Be("198.51.100.1:51820");
        var declared = File.ReadAllText(Path.Combine(_cli.StateDir, "declared.yaml"));
        declared.Should().Contain("provider: proton").And.Contain("name: US#1").And.Contain("tunnelRef: us-1");
        declared.Should().NotContain(_cli.Store.LoadSession()!.Ed25519PrivateKey.Reveal());
    }

    [Fact]
    public async Task Status_and_get_show_the_server_chosen_by_a_selector_without_asking_the_api()
    {
        await _cli.LoginAsync();
        (await _cli.RunAsync("proton", "connect", "--country", "ch", "--p2p", "--proxy")).Should().Be(0, _cli.Stderr);
        var callsBefore = _cli.Server.Calls("GET vpn/v1/logicals") + _cli.Server.Calls("POST vpn/v1/certificate");

        (await _cli.RunAsync("status")).Should().Be(0, _cli.Stderr);
        var status = _cli.Stdout;
        (await _cli.RunAsync("get", "tunnels", "ch-1", "-o", "json")).Should().Be(0, _cli.Stderr);

        status.Should().MatchRegex(@"(?m)^\s*ch-1\s+proton\s+CH#1\s", "the SERVER column names the server, not its endpoint");
        System.Text.Json.JsonDocument.Parse(_cli.Stdout).RootElement.GetProperty("status").GetProperty("server").GetString().Should().Be("CH#1");
        (_cli.Server.Calls("GET vpn/v1/logicals") + _cli.Server.Calls("POST vpn/v1/certificate")).Should().Be(callsBefore, "looking resolves nothing");
    }

    [Fact]
    public async Task Connect_by_filters_names_the_instance_after_the_chosen_server_and_uses_the_given_ports()
    {
        await _cli.LoginAsync();

        var code = await _cli.RunAsync("proton", "connect", "--country", "ch", "--p2p", "--proxy", "--socks-port", "9050", "--http-port", "3128");

        code.Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("Connected ch-1 (CH#1)").And.Contain("127.0.0.1:9050").And.Contain("127.0.0.1:3128");
        _cli.Host.Tunnels.Should().ContainKey("ch-1");
    }

    [Fact]
    public async Task Connect_says_which_filter_left_no_server_and_touches_nothing()
    {
        await _cli.LoginAsync();

        var code = await _cli.RunAsync("proton", "connect", "--country", "XX", "--proxy");

        code.Should().Be(2);
        _cli.Stderr.Should().Contain("no server left after filter country=XX");
        _cli.Host.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Connect_without_proxy_declares_a_direct_tunnel_and_no_proxy()
    {
        await _cli.LoginAsync();

        (await _cli.RunAsync("proton", "connect", "US#1", "--dry-run")).Should().Be(0, _cli.Stderr);

        // The direct tunnel is the daemon's direct mode, never a namespace plan: no tunnel or proxy of its own here.
        _cli.Stdout.Should().NotContain("proxy/us-1").And.NotContain("tunnel/us-1");
        _cli.Host.Tunnels.Should().BeEmpty("a dry run changes nothing");
    }

    [Fact]
    public async Task Connect_before_login_says_how_to_log_in()
    {
        (await _cli.RunAsync("proton", "connect", "--proxy")).Should().Be(2);

        _cli.Stderr.Should().Contain("not logged in to Proton").And.Contain("tunmux proton login");
    }

    [Fact]
    public async Task Disconnect_removes_one_instance_or_all_of_them()
    {
        await _cli.LoginAsync();
        await _cli.RunAsync("proton", "connect", "US#1", "--proxy");
        await _cli.RunAsync("proton", "connect", "US#2", "--proxy");

        (await _cli.RunAsync("proton", "disconnect", "us-1")).Should().Be(0, _cli.Stderr);
        _cli.Host.Tunnels.Keys.Should().Equal("us-2");
        (await _cli.RunAsync("proton", "disconnect", "--all")).Should().Be(0, _cli.Stderr);
        _cli.Host.Tunnels.Should().BeEmpty();
    }

    [Fact]
    public async Task Reconnecting_after_days_renews_the_certificate_without_rebuilding_the_tunnel()
    {
        await _cli.LoginAsync();
        await _cli.RunAsync("proton", "connect", "US#1", "--proxy");
        var calls = _cli.Host.MutatingCalls;

        _cli.Clock.Advance(TimeSpan.FromDays(6.5));
        var code = await _cli.RunAsync("apply", "-f", WriteTunnel());

        code.Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("No changes.");
        _cli.Server.Certificates.Should().HaveCount(2);
        _cli.Host.MutatingCalls.Should().Be(calls);
    }

    [Fact]
    public async Task Servers_lists_the_filtered_list_as_json()
    {
        var code = await _cli.RunAsync("proton", "servers", "--country", "US", "-o", "json");

        code.Should().Be(0, _cli.Stderr + _cli.Stdout);
        var servers = JsonNode.Parse(_cli.Stdout)!.AsArray();
        servers.Select(s => s!["name"]!.GetValue<string>()).Should().Equal("US#1", "US#2");
        servers[0]!["entryIp"]!.GetValue<string>().Should().Be("198.51.100.1");
    }

    [Fact]
    public async Task Servers_prints_a_table_and_uses_the_cache_until_refresh()
    {
        (await _cli.RunAsync("proton", "servers", "--free")).Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("JP-FREE#1").And.NotContain("US#1").And.Contain("1 servers");

        await _cli.RunAsync("proton", "servers");
        _cli.Server.Calls("GET vpn/v1/logicals").Should().Be(1);
        await _cli.RunAsync("proton", "servers", "--refresh");
        _cli.Server.Calls("GET vpn/v1/logicals").Should().Be(2);
    }

    [Fact]
    public async Task The_api_url_flag_wins_over_the_environment_and_a_dead_api_falls_back_to_the_cache()
    {
        _cli.SetEnvironment("TUNMUX_PROTON_API_URL", "http://127.0.0.1:9/");

        (await _cli.RunAsync("proton", "servers", "--api-url", _cli.Server.BaseUrl.AbsoluteUri)).Should().Be(0, _cli.Stderr);
        _cli.Server.Calls("GET vpn/v1/logicals").Should().Be(1);

        // Without the flag the environment's (dead) URL is used, and the list cached above stands in.
        (await _cli.RunAsync("proton", "servers", "--refresh")).Should().Be(0, _cli.Stderr);
        _cli.Stderr.Should().Contain("warning cannot reach the Proton API at 127.0.0.1: connection refused; using the server list cached 0 minutes ago");
        _cli.Server.Calls("GET vpn/v1/logicals").Should().Be(1);
    }

    [Fact]
    public async Task Info_shows_the_plan_and_key_but_no_secret()
    {
        await _cli.LoginAsync();

        (await _cli.RunAsync("proton", "info")).Should().Be(0, _cli.Stderr);

        var session = _cli.Store.LoadSession()!;
        _cli.Stdout.Should().Contain("alice").And.Contain("VPN Plus, tier 2").And.Contain(session.WireGuardPublicKey).And.Contain("valid until");
        _cli.Stdout.Should().NotContain(session.AccessToken.Reveal()).And.NotContain(session.RefreshToken.Reveal())
            .And.NotContain(session.Ed25519PrivateKey.Reveal()).And.NotContain(session.Keys().WireGuard.PrivateKey.Reveal());
    }

    [Fact]
    public async Task Logout_ends_the_session_on_the_server_and_here()
    {
        await _cli.LoginAsync();

        (await _cli.RunAsync("proton", "logout")).Should().Be(0, _cli.Stderr);

        _cli.Server.ActiveSessions.Should().Be(0);
        _cli.Store.LoadSession("alice").Should().BeNull();
        (await _cli.RunAsync("proton", "info")).Should().Be(2);
    }

    [Fact]
    public async Task Logout_with_the_api_unreachable_still_deletes_the_local_session_with_a_warning()
    {
        await _cli.LoginAsync();
        _cli.SetEnvironment("TUNMUX_PROTON_API_URL", "http://127.0.0.1:9/");

        (await _cli.RunAsync("proton", "logout")).Should().Be(0, _cli.Stderr);

        _cli.Stderr.Should().Contain("warning").And.Contain("deleted here only");
        _cli.Store.LoadSession("alice").Should().BeNull();
    }

    [Theory]
    [InlineData("login", "--password-stdin")]
    [InlineData("servers", "--refresh")]
    [InlineData("connect", "--socks-port")]
    [InlineData("disconnect", "--all")]
    public async Task Every_proton_command_explains_itself(string command, string expected)
    {
        (await _cli.RunAsync("proton", command, "--help")).Should().Be(0);

        _cli.Stdout.Should().Contain(expected);
        _cli.Stderr.Should().BeEmpty();
    }

    private string WriteTunnel()
    {
        var path = Path.Combine(_cli.StateDir, "..", "us-1.yaml");
        File.WriteAllText(path, """
            apiVersion: tunmux.io/v1alpha1
            kind: Tunnel
            metadata: {name: us-1}
            spec:
              provider: proton
              server: {name: "US#1"}
            """);
        return path;
    }
}
