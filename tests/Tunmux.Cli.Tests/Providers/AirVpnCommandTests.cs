using System.Text.Json;
using Tunmux.Testing.TestServers;

namespace Tunmux.Cli.Tests.Providers;

public sealed class AirVpnCommandTests : IAsyncLifetime
{
    private readonly AirVpnCliFixture _cli = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cli.DisposeAsync();

    private string Declared => File.ReadAllText(Path.Combine(_cli.StateDir, "declared.yaml"));

    [Fact]
    public async Task Login_reads_the_password_from_stdin_and_stores_it_for_the_owner_only()
    {
        var code = await _cli.LoginAsync();

        code.Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("Logged in as alice: 2 device(s) (laptop, My desktop), 3 servers.")
            .And.Contain("the password itself is stored");
        var session = Path.Combine(_cli.ConfigDir, "accounts", "alice", "session.json");
        File.GetUnixFileMode(session).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (_cli.Stdout + _cli.Stderr).Should().NotContain(AirVpnCliFixture.Password);
    }

    [Fact]
    public async Task A_wrong_password_is_explained_and_nothing_is_stored()
    {
        var code = await _cli.RunWithInputAsync("not it\n", "airvpn", "login", "alice", "--password-stdin");

        code.Should().Be(3);
        _cli.Stderr.Should().Contain("Invalid credentials").And.Contain("check the user name and password").And.NotContain("not it");
        Directory.Exists(_cli.ConfigDir).Should().BeFalse();
    }

    [Fact]
    public async Task Without_stdin_and_without_a_terminal_login_says_how_to_pass_the_password()
    {
        var code = await _cli.RunAsync("airvpn", "login", "alice");

        code.Should().Be(2, _cli.Stdout + "|" + _cli.Stderr);
        _cli.Stderr.Should().Contain("--password-stdin");
    }

    [Fact]
    public async Task An_unreachable_API_names_every_address_tried()
    {
        var dead = ClosedPort.Url();

        var code = await _cli.RunWithInputAsync(AirVpnCliFixture.Password + "\n", "airvpn", "--api-url", dead, "login", "alice", "--password-stdin");

        code.Should().Be(3);
        _cli.Stderr.Should().Contain("unreachable").And.Contain(dead).And.Contain("--api-url");
    }

    [Fact]
    public async Task Servers_are_filtered_and_printed_as_json()
    {
        await _cli.LoginAsync();

        var code = await _cli.RunAsync("airvpn", "servers", "--country", "nl", "--sort", "load", "-o", "json");

        code.Should().Be(0, _cli.Stderr);
        var servers = JsonDocument.Parse(_cli.Stdout).RootElement.EnumerateArray().ToList();
        servers.Select(s => s.GetProperty("name").GetString()).Should().Equal("Vega", "Castor");
        servers[0].GetProperty("loadPercent").GetInt64().Should().Be(16);
        servers[0].GetProperty("country").GetString().Should().Be("NL");
    }

    [Fact]
    public async Task Servers_say_which_filter_left_nothing()
    {
        await _cli.LoginAsync();

        var code = await _cli.RunAsync("airvpn", "servers", "--country", "FR");

        code.Should().Be(2);
        _cli.Stderr.Should().Contain("no AirVPN server in FR; countries with servers: DE, NL");
    }

    [Fact]
    public async Task The_server_table_shows_load_users_and_score()
    {
        await _cli.LoginAsync();
        _cli.Latency.Milliseconds["Alchiba"] = 12;

        var code = await _cli.RunAsync("airvpn", "servers", "--sort", "score");

        code.Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().MatchRegex(@"Vega\s+│?\s*NL\s+│?\s*Amsterdam\s+│?\s*16%\s+│?\s*20/250\s+│?\s*24");
        _cli.Stdout.Should().MatchRegex(@"Alchiba.*12 ms");
        _cli.Stdout.Should().Contain("3 servers");
    }

    [Fact]
    public async Task Connect_declares_a_tunnel_and_proxy_and_brings_up_the_best_server()
    {
        await _cli.LoginAsync();

        var code = await _cli.RunAsync("airvpn", "connect", "--proxy", "--country", "NL");

        code.Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("tunnel/airvpn-nl created").And.Contain("proxy/airvpn-nl created")
            .And.Contain("Connected airvpn-nl: SOCKS5 127.0.0.1:1080, HTTP 127.0.0.1:8118");
        _cli.Host.Tunnels["airvpn-nl"].PeerEndpoint.Should().Be("127.0.10.2:1637");
        Declared.Should().Contain("provider: airvpn").And.Contain("country: NL").And.NotContain(AirVpnCliFixture.Password);
    }

    [Fact]
    public async Task Connect_without_proxy_declares_a_direct_tunnel_and_no_proxy_as_the_original_does()
    {
        await _cli.LoginAsync();

        var code = await _cli.RunAsync("airvpn", "connect", "--country", "NL");

        code.Should().Be(0, _cli.Stderr);
        Declared.Should().Contain("provider: airvpn").And.Contain("mode: direct").And.NotContain("kind: Proxy");
        _cli.Host.Tunnels.Should().BeEmpty("a direct tunnel is direct mode's, not a namespace exit");
    }

    [Fact]
    public async Task Connect_to_a_named_server_with_a_device_names_the_tunnel_after_the_server()
    {
        await _cli.LoginAsync();

        var code = await _cli.RunAsync("airvpn", "connect", "--proxy", "Castor", "--key", "My desktop", "--socks-port", "9060", "--http-port", "3129");

        code.Should().Be(0, _cli.Stderr);
        _cli.Host.Tunnels["castor"].PeerEndpoint.Should().Be("127.0.10.1:1637");
        _cli.Stdout.Should().Contain("SOCKS5 127.0.0.1:9060, HTTP 127.0.0.1:3129");
        Declared.Should().Contain("tunmux.io/airvpn-device: My-desktop");
    }

    [Fact]
    public async Task Connect_with_an_unknown_device_lists_the_devices_and_changes_nothing()
    {
        await _cli.LoginAsync();

        var code = await _cli.RunAsync("airvpn", "connect", "--proxy", "--key", "phone");

        code.Should().Be(2);
        _cli.Stderr.Should().Contain("no device \"phone\"").And.Contain("\"laptop\", \"My desktop\"");
        _cli.Host.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Connect_where_no_server_matches_names_the_field_and_touches_nothing()
    {
        await _cli.LoginAsync();

        var code = await _cli.RunAsync("airvpn", "connect", "--proxy", "--country", "NL", "--city", "Rotterdam");

        code.Should().Be(2);
        _cli.Stderr.Should().Contain("spec.server.city").And.Contain("cities left: Amsterdam");
        _cli.Host.MutatingCalls.Should().Be(0);
    }

    [Fact]
    public async Task Connect_before_login_says_to_log_in()
    {
        var code = await _cli.RunAsync("airvpn", "connect", "--proxy", "Castor");

        code.Should().Be(3);
        _cli.Stderr.Should().Contain("run `tunmux airvpn login USER` first");
    }

    [Fact]
    public async Task Disconnect_asks_which_when_several_are_up_and_removes_the_one_named()
    {
        await _cli.LoginAsync();
        await _cli.RunAsync("airvpn", "connect", "--proxy", "Castor");
        await _cli.RunAsync("airvpn", "connect", "--proxy", "Alchiba");

        var ambiguous = await _cli.RunAsync("airvpn", "disconnect");
        ambiguous.Should().Be(2);
        _cli.Stderr.Should().Contain("alchiba, castor").And.Contain("--all");

        var code = await _cli.RunAsync("airvpn", "disconnect", "castor");
        code.Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("tunnel/castor deleted");
        _cli.Host.Tunnels.Keys.Should().Equal("alchiba");

        (await _cli.RunAsync("airvpn", "disconnect", "--all")).Should().Be(0);
        _cli.Host.Tunnels.Should().BeEmpty();
    }

    [Fact]
    public async Task Disconnect_of_a_tunnel_that_is_not_AirVPNs_is_refused()
    {
        await _cli.LoginAsync();

        var code = await _cli.RunAsync("airvpn", "disconnect", "lab-1");

        code.Should().Be(2);
        _cli.Stderr.Should().Contain("no airvpn tunnel named lab-1");
    }

    [Fact]
    public async Task Info_lists_devices_without_their_keys()
    {
        await _cli.LoginAsync();

        var code = await _cli.RunAsync("airvpn", "info");

        code.Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("alice").And.Contain("My desktop").And.Contain(_cli.Account.Devices[0].Ipv4).And.Contain("Servers:        3");
        _cli.Stdout.Should().NotContain(_cli.Account.Devices[0].PrivateKey).And.NotContain(_cli.Account.Devices[0].PresharedKey);
    }

    [Fact]
    public async Task Info_shows_which_server_each_tunnel_uses()
    {
        await _cli.LoginAsync();
        await _cli.RunAsync("airvpn", "connect", "--proxy", "--country", "DE");

        (await _cli.RunAsync("airvpn", "info")).Should().Be(0, _cli.Stderr);

        _cli.Stdout.Should().Contain("Tunnel airvpn-de: server Alchiba, device laptop");
    }

    [Fact]
    public async Task Logout_forgets_the_login()
    {
        await _cli.LoginAsync();

        var code = await _cli.RunAsync("airvpn", "logout");

        code.Should().Be(0, _cli.Stderr);
        Directory.Exists(Path.Combine(_cli.ConfigDir, "accounts", "alice")).Should().BeFalse();
        (await _cli.RunAsync("airvpn", "info")).Should().Be(3);
    }
}
