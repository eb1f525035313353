using System.IO.Compression;

namespace Tunmux.Cli.Tests.Providers;

/// <summary>The airvpn.org account commands: devices, API keys, ports, sessions, generate.</summary>
public sealed class AirVpnAccountCommandTests : IAsyncLifetime
{
    private readonly AirVpnCliFixture _cli = new();

    public async Task InitializeAsync() => (await _cli.LoginAsync()).Should().Be(0);

    public async Task DisposeAsync() => await _cli.DisposeAsync();

    [Fact]
    public async Task A_device_added_on_the_site_is_usable_at_once()
    {
        (await _cli.RunAsync("airvpn", "devices", "add", "--name", "router")).Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("Device \"router\" added.");

        (await _cli.RunAsync("airvpn", "devices", "list")).Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("router").And.Contain("3 device(s)");
        (await _cli.RunAsync("airvpn", "connect", "--proxy", "Vega", "--key", "router")).Should().Be(0, _cli.Stderr);
    }

    [Fact]
    public async Task Devices_are_renamed_and_deleted_by_name()
    {
        (await _cli.RunAsync("airvpn", "devices", "rename", "laptop", "work laptop")).Should().Be(0, _cli.Stderr);
        (await _cli.RunAsync("airvpn", "devices", "delete", "My desktop")).Should().Be(0, _cli.Stderr);

        _cli.Account.Devices.Select(d => d.Name).Should().Equal("work laptop");
        (await _cli.RunAsync("airvpn", "info")).Should().Be(0);
        _cli.Stdout.Should().Contain("work laptop").And.NotContain("My desktop");
    }

    [Fact]
    public async Task Deleting_an_unknown_device_lists_the_devices_there_are()
    {
        var code = await _cli.RunAsync("airvpn", "devices", "delete", "phone");

        code.Should().Be(3);
        _cli.Stderr.Should().Contain("no device \"phone\"").And.Contain("\"laptop\"");
    }

    [Fact]
    public async Task Generate_writes_a_private_config_file_and_never_prints_the_key()
    {
        var file = Path.Combine(_cli.Root, "castor.conf");

        var code = await _cli.RunAsync("airvpn", "generate", "-s", "Castor", "-p", "wg-1637", "-o", file);

        code.Should().Be(0, _cli.Stderr);
        File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.ReadAllText(file).Should().Contain("Endpoint = 127.0.10.1:1637").And.Contain(_cli.Account.Devices[0].PrivateKey);
        _cli.Stdout.Should().NotContain(_cli.Account.Devices[0].PrivateKey);
        _cli.Account.ApiKeys.Single().Name.Should().Be("tunmux");
    }

    [Fact]
    public async Task Generate_for_several_servers_writes_an_archive()
    {
        var file = Path.Combine(_cli.Root, "configs.zip");

        var code = await _cli.RunAsync("airvpn", "generate", "-s", "Castor", "-s", "Vega", "--key", "My desktop", "-o", file);

        code.Should().Be(0, _cli.Stderr);
        using var zip = ZipFile.OpenRead(file);
        zip.Entries.Should().HaveCount(2);
        File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task Ports_are_forwarded_listed_changed_checked_and_removed()
    {
        _cli.Server.VpnSessions.Add(("laptop", "Castor", "127.0.10.1"));

        (await _cli.RunAsync("airvpn", "ports", "add", "8080", "--protocol", "tcp", "--ddns", "myhost")).Should().Be(0, _cli.Stderr);
        (await _cli.RunAsync("airvpn", "ports", "set", "8080", "--local", "9090")).Should().Be(0, _cli.Stderr);
        (await _cli.RunAsync("airvpn", "ports", "list")).Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().MatchRegex(@"8080\s+│?\s*tcp\s+│?\s*9090\s+│?\s*All\s+│?\s*yes\s+│?\s*myhost\.airdns\.org");

        (await _cli.RunAsync("airvpn", "ports", "check", "8080")).Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("Castor TCP ipv4 (127.0.10.1): Reachable on 127.0.10.1:8080 (tcp)");

        (await _cli.RunAsync("airvpn", "ports", "remove", "8080")).Should().Be(0, _cli.Stderr);
        _cli.Account.Ports.Should().BeEmpty();
    }

    [Fact]
    public async Task Ports_set_without_a_change_says_what_it_needs()
    {
        (await _cli.RunAsync("airvpn", "ports", "set", "8080")).Should().Be(2);
        _cli.Stderr.Should().Contain("--protocol, --local or --ddns");
    }

    [Fact]
    public async Task Sessions_show_the_connected_devices()
    {
        _cli.Server.VpnSessions.Add(("laptop", "Castor", "127.0.10.1"));

        (await _cli.RunAsync("airvpn", "sessions")).Should().Be(0, _cli.Stderr);

        _cli.Stdout.Should().Contain("laptop").And.Contain("Castor").And.Contain("2.0 KiB").And.Contain("1 active session(s)");
    }

    [Fact]
    public async Task Api_keys_are_listed_shortened_renamed_and_deleted()
    {
        (await _cli.RunAsync("airvpn", "api", "add", "--name", "scripts")).Should().Be(0, _cli.Stderr);
        var secret = _cli.Account.ApiKeys.Single().Secret;
        _cli.Stdout.Should().Contain("API key \"scripts\" created").And.NotContain(secret);

        (await _cli.RunAsync("airvpn", "api", "rename", "scripts", "deploy")).Should().Be(0, _cli.Stderr);
        (await _cli.RunAsync("airvpn", "api", "list")).Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("deploy").And.Contain(secret[..6]).And.NotContain(secret);

        (await _cli.RunAsync("airvpn", "api", "delete", "deploy")).Should().Be(0, _cli.Stderr);
        _cli.Account.ApiKeys.Should().BeEmpty();
    }
}
