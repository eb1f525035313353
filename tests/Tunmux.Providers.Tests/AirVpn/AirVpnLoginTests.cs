using Tunmux.Core.Model;
using Tunmux.Providers.AirVpn;
using Tunmux.Testing.TestServers.AirVpn;

namespace Tunmux.Providers.Tests.AirVpn;

public sealed class AirVpnLoginTests : IAsyncLifetime
{
    private readonly AirVpnFixture _airvpn = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _airvpn.DisposeAsync();

    [Fact]
    public async Task Login_stores_the_session_and_the_server_list_readable_only_by_the_owner()
    {
        var session = await _airvpn.LoginAsync();

        var store = _airvpn.StoreFor();
        File.GetUnixFileMode(store.Directory).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.GetUnixFileMode(Path.Combine(store.Directory, AirVpnStore.SessionFile)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(Path.Combine(store.Directory, AirVpnStore.ManifestFile)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var stored = store.LoadSession()!;
        stored.Password.Should().Be(new Secret(AirVpnFixture.Password), "AirVPN has no tokens: the password itself is needed later");
        stored.User.Keys.Should().HaveCount(2);
        stored.User.WireGuardPublicKey.Should().Be(session.User.WireGuardPublicKey);
        store.LoadManifest()!.Manifest.Servers.Should().HaveCount(4);
        store.LoadManifest()!.FetchedAt.Should().Be(_airvpn.Time.Now);
    }

    [Fact]
    public async Task A_wrong_password_stores_nothing()
    {
        var act = () => AirVpnLogin.LoginAsync(_airvpn.Client(), new AirVpnCredentials("alice", new Secret("nope")), _airvpn.StoreFor(), null, _airvpn.Time, CancellationToken.None);

        (await act.Should().ThrowAsync<AirVpnApiException>()).Which.Failure.Should().Be(AirVpnFailure.Refused);
        Directory.Exists(_airvpn.StoreFor().Directory).Should().BeFalse();
    }

    [Fact]
    public async Task A_failure_after_the_devices_arrived_stores_nothing_either()
    {
        _airvpn.Server.Fault = AirVpnTestFault.Garbage;
        _airvpn.Server.FaultAct = "manifest";

        var act = () => AirVpnLogin.LoginAsync(_airvpn.Client(), _airvpn.Credentials, _airvpn.StoreFor(), null, _airvpn.Time, CancellationToken.None);

        await act.Should().ThrowAsync<AirVpnApiException>();
        _airvpn.Server.Calls.Select(c => c.Act).Should().Equal("user", "manifest");
        Directory.Exists(_airvpn.StoreFor().Directory).Should().BeFalse();
    }

    [Fact]
    public async Task A_default_device_that_does_not_exist_is_refused_before_storing()
    {
        var act = () => AirVpnLogin.LoginAsync(_airvpn.Client(), _airvpn.Credentials, _airvpn.StoreFor(), "phone", _airvpn.Time, CancellationToken.None);

        (await act.Should().ThrowAsync<AirVpnApiException>()).Which.Message.Should().Contain("no device \"phone\"").And.Contain("\"laptop\"");
        Directory.Exists(_airvpn.StoreFor().Directory).Should().BeFalse();
    }

    [Fact]
    public async Task The_default_device_is_stored_with_its_exact_name()
    {
        var session = await _airvpn.LoginAsync(defaultDevice: "my-DESKTOP");

        session.DefaultDevice.Should().Be("My desktop");
    }
}
