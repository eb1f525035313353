using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;

namespace Tunmux.Cli.Tests.Providers;

/// <summary>
/// Issue #13: connect reads the user's config.toml defaults (default_country, default_device,
/// backend, proxy_access_log); a flag on the command line wins over each of them.
/// </summary>
public sealed class UserConfigTests : IAsyncLifetime
{
    private readonly ProtonCliFixture _proton = new();
    private readonly AirVpnCliFixture _airvpn = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _proton.DisposeAsync();
        await _airvpn.DisposeAsync();
    }

    [Fact]
    public async Task Proton_default_country_picks_the_server_and_country_flag_wins()
    {
        await _proton.LoginAsync();
        _proton.WriteConfig("[proton]\ndefault_country = \"ch\"\n");

        (await _proton.RunAsync("proton", "connect", "--proxy", "--name", "a")).Should().Be(0, _proton.Stderr);
        (await _proton.RunAsync("proton", "connect", "--proxy", "--name", "b", "--country", "US")).Should().Be(0, _proton.Stderr);

        Tunnel(_proton.StateDir, "a").Spec.Server!.Name.Should().StartWith("CH#");
        Tunnel(_proton.StateDir, "b").Spec.Server!.Name.Should().StartWith("US#");
    }

    [Fact]
    public async Task Default_country_does_not_filter_an_exact_server()
    {
        await _proton.LoginAsync();
        _proton.WriteConfig("[proton]\ndefault_country = \"CH\"\n");

        (await _proton.RunAsync("proton", "connect", "US#2", "--proxy")).Should().Be(0, _proton.Stderr);

        Tunnel(_proton.StateDir, "us-2").Spec.Server!.Name.Should().Be("US#2");
    }

    [Fact]
    public async Task Backend_from_the_file_and_the_flag_wins()
    {
        await _proton.LoginAsync();
        _proton.WriteConfig("[general]\nbackend = \"userspace\"\n");

        (await _proton.RunAsync("proton", "connect", "US#1", "--proxy")).Should().Be(0, _proton.Stderr);
        (await _proton.RunAsync("proton", "connect", "US#2", "--proxy", "--backend", "kernel")).Should().Be(0, _proton.Stderr);

        Tunnel(_proton.StateDir, "us-1").Spec.Backend.Should().Be(BackendKind.Userspace);
        Tunnel(_proton.StateDir, "us-2").Spec.Backend.Should().Be(BackendKind.Kernel);
    }

    [Fact]
    public async Task Proxy_access_log_from_the_file_and_the_flag_turns_it_off()
    {
        await _proton.LoginAsync();
        _proton.WriteConfig("[general]\nproxy_access_log = true\n");

        (await _proton.RunAsync("proton", "connect", "US#1", "--proxy")).Should().Be(0, _proton.Stderr);
        (await _proton.RunAsync("proton", "connect", "US#2", "--proxy", "--proxy-access-log", "false")).Should().Be(0, _proton.Stderr);

        Proxy(_proton.StateDir, "us-1").Spec.AccessLog.Should().BeTrue();
        Proxy(_proton.StateDir, "us-2").Spec.AccessLog.Should().BeFalse();
    }

    [Fact]
    public async Task A_broken_config_stops_connect_with_line_and_column_and_changes_nothing()
    {
        await _proton.LoginAsync();
        _proton.WriteConfig("[general]\nbackend = 3\n");

        (await _proton.RunAsync("proton", "connect", "US#1", "--proxy")).Should().Be(2);

        _proton.Stderr.Should().Contain("config.toml:2:11: [general] backend: expected a string, found an integer");
        _proton.Host.MutatingCalls.Should().Be(0);
    }

    [Fact]
    public async Task AirVpn_default_country_and_device_and_their_flags()
    {
        (await _airvpn.LoginAsync()).Should().Be(0, _airvpn.Stderr);
        _airvpn.WriteConfig("[airvpn]\ndefault_country = \"nl\"\ndefault_device = \"My desktop\"\n\n[general]\nbackend = \"userspace\"\n");

        (await _airvpn.RunAsync("airvpn", "connect", "--proxy", "--name", "a")).Should().Be(0, _airvpn.Stderr);
        (await _airvpn.RunAsync("airvpn", "connect", "--proxy", "--name", "b", "--country", "DE", "--key", "laptop", "--backend", "kernel")).Should().Be(0, _airvpn.Stderr);

        var fromFile = Tunnel(_airvpn.StateDir, "a");
        fromFile.Spec.Server!.Country.Should().Be("NL");
        fromFile.Metadata.Labels.Should().Contain("tunmux.io/airvpn-device", "My-desktop");
        fromFile.Spec.Backend.Should().Be(BackendKind.Userspace);
        var fromFlags = Tunnel(_airvpn.StateDir, "b");
        fromFlags.Spec.Server!.Country.Should().Be("DE");
        fromFlags.Metadata.Labels.Should().Contain("tunmux.io/airvpn-device", "laptop");
        fromFlags.Spec.Backend.Should().Be(BackendKind.Kernel);
    }

    [Fact]
    public async Task Mullvad_default_country_and_the_flag_wins()
    {
        (await _airvpn.RunWithInputAsync(AirVpnCliFixture.MullvadAccount + "\n", "mullvad", "login", "--account-stdin")).Should().Be(0, _airvpn.Stderr);
        _airvpn.WriteConfig("[mullvad]\ndefault_country = \"se\"\n");

        (await _airvpn.RunAsync("mullvad", "connect", "--proxy", "--name", "b")).Should().Be(0, _airvpn.Stderr);
        _airvpn.WriteConfig("[mullvad]\ndefault_country = \"de\"\n");
        (await _airvpn.RunAsync("mullvad", "connect", "--proxy", "--name", "c", "--country", "se")).Should().Be(0, _airvpn.Stderr);

        Tunnel(_airvpn.StateDir, "b").Spec.Server!.Country.Should().Be("SE");
        Tunnel(_airvpn.StateDir, "c").Spec.Server!.Country.Should().Be("SE");
    }

    [Fact]
    public async Task Disconnect_with_several_and_no_name_lists_them_with_their_ports()
    {
        await _proton.LoginAsync();
        (await _proton.RunAsync("proton", "connect", "US#1", "--proxy", "--socks-port", "11080", "--http-port", "18118")).Should().Be(0, _proton.Stderr);
        (await _proton.RunAsync("proton", "connect", "US#2", "--proxy", "--socks-port", "11081", "--http-port", "18119")).Should().Be(0, _proton.Stderr);

        (await _proton.RunAsync("proton", "disconnect")).Should().Be(2);

        _proton.Stderr.Should().Contain("us-1  SOCKS5 127.0.0.1:11080  HTTP 127.0.0.1:18118")
            .And.Contain("us-2  SOCKS5 127.0.0.1:11081  HTTP 127.0.0.1:18119")
            .And.Contain("--all");
        _proton.Host.Tunnels.Keys.Should().BeEquivalentTo("us-1", "us-2");
    }

    private static TunnelManifest Tunnel(string stateDir, string name) =>
        Declared(stateDir).OfType<TunnelManifest>().Should().ContainSingle(t => t.Name == name).Subject;

    private static ProxyManifest Proxy(string stateDir, string name) =>
        Declared(stateDir).OfType<ProxyManifest>().Should().ContainSingle(p => p.Name == name).Subject;

    private static IReadOnlyList<ManifestObject> Declared(string stateDir) =>
        new DeclaredStateStore(TunmuxPaths.FromEnvironment(stateDir, _ => null)).Load().Objects;
}
