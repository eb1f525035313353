using System.Text.Json;

namespace Tunmux.Cli.Tests.Providers;

public sealed class MullvadCommandTests : IAsyncLifetime
{
    private readonly AirVpnCliFixture _cli = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cli.DisposeAsync();

    private string Number => AirVpnCliFixture.MullvadAccount;

    private Task<int> LoginAsync() => _cli.RunWithInputAsync(Number + "\n", "mullvad", "login", "--account-stdin");

    [Fact]
    public async Task Login_reads_the_account_number_from_stdin_and_registers_a_device()
    {
        var code = await LoginAsync();

        code.Should().Be(0, _cli.Stderr);
        var device = _cli.Mullvad.Accounts[Number].Single();
        _cli.Stdout.Should().Contain($"device \"{device.Name}\" ({device.Ipv4})").And.Contain("2 relays");
        (_cli.Stdout + _cli.Stderr).Should().NotContain(Number);
        var session = Path.Combine(_cli.Root, "config", "mullvad", "accounts", "default", "session.json");
        File.GetUnixFileMode(session).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task A_wrong_account_number_is_explained_without_repeating_it()
    {
        var code = await _cli.RunWithInputAsync("1111 2222 3333 4444\n", "mullvad", "login", "--account-stdin");

        code.Should().Be(3);
        _cli.Stderr.Should().Contain("does not know this account number").And.NotContain("1111");
    }

    [Fact]
    public async Task Servers_filter_by_country_and_owned()
    {
        await LoginAsync();

        var code = await _cli.RunAsync("mullvad", "servers", "--country", "SE", "--owned", "-o", "json");

        code.Should().Be(0, _cli.Stderr);
        JsonDocument.Parse(_cli.Stdout).RootElement.EnumerateArray().Select(r => r.GetProperty("hostname").GetString()).Should().Equal("se-got-wg-001");
    }

    [Fact]
    public async Task Connect_declares_the_tunnel_with_key_rotation_and_brings_it_up()
    {
        await LoginAsync();

        var code = await _cli.RunAsync("mullvad", "connect", "--proxy", "--country", "SE", "--key-rotation", "168h");

        code.Should().Be(0, _cli.Stderr);
        _cli.Host.Tunnels["mullvad-se"].PeerEndpoint.Should().Be("127.0.20.2:51820");
        var declared = File.ReadAllText(Path.Combine(_cli.StateDir, "declared.yaml"));
        declared.Should().Contain("provider: mullvad").And.Contain("keyRotation: 168h").And.NotContain(Number);
    }

    [Fact]
    public async Task Connect_without_proxy_declares_a_direct_tunnel_and_no_proxy_as_the_original_does()
    {
        await LoginAsync();

        var code = await _cli.RunAsync("mullvad", "connect", "--country", "SE");

        code.Should().Be(0, _cli.Stderr);
        var declared = File.ReadAllText(Path.Combine(_cli.StateDir, "declared.yaml"));
        declared.Should().Contain("provider: mullvad").And.Contain("mode: direct").And.NotContain("kind: Proxy");
        _cli.Host.Tunnels.Should().BeEmpty("a direct tunnel is direct mode's, not a namespace exit");
    }

    [Fact]
    public async Task Connect_to_a_named_relay_names_the_tunnel_after_it()
    {
        await LoginAsync();

        var code = await _cli.RunAsync("mullvad", "connect", "--proxy", "se-got-wg-001");

        code.Should().Be(0, _cli.Stderr);
        _cli.Host.Tunnels["se-got-001"].PeerEndpoint.Should().Be("127.0.20.1:51820");
    }

    [Fact]
    public async Task A_bad_key_rotation_is_refused_before_anything_changes()
    {
        await LoginAsync();

        var code = await _cli.RunAsync("mullvad", "connect", "--proxy", "--key-rotation", "weekly");

        code.Should().Be(2);
        _cli.Stderr.Should().Contain("not a duration");
        _cli.Host.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Disconnect_removes_the_only_Mullvad_tunnel()
    {
        await LoginAsync();
        await _cli.RunAsync("mullvad", "connect", "--proxy", "--country", "SE");

        var code = await _cli.RunAsync("mullvad", "disconnect");

        code.Should().Be(0, _cli.Stderr);
        _cli.Host.Tunnels.Should().BeEmpty();
    }

    [Fact]
    public async Task Info_shows_the_device_and_the_account_expiry()
    {
        await LoginAsync();

        var code = await _cli.RunAsync("mullvad", "info");

        code.Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain(_cli.Mullvad.Accounts[Number][0].Name).And.Contain("Expires:    2027-01-01").And.NotContain(Number);
    }

    [Fact]
    public async Task Logout_removes_the_device_from_the_account()
    {
        await LoginAsync();

        var code = await _cli.RunAsync("mullvad", "logout");

        code.Should().Be(0, _cli.Stderr);
        _cli.Mullvad.Accounts[Number].Should().BeEmpty();
        (await _cli.RunAsync("mullvad", "info")).Should().Be(3);
    }
}
