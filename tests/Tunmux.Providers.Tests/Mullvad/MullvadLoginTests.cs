using Tunmux.Core.Model;
using Tunmux.Crypto;
using Tunmux.Providers.Mullvad;
using Tunmux.Testing.TestServers;
using Tunmux.Testing.TestServers.Mullvad;

namespace Tunmux.Providers.Tests.Mullvad;

public sealed class MullvadLoginTests : IAsyncLifetime
{
    private readonly MullvadFixture _mullvad = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _mullvad.DisposeAsync();

    [Fact]
    public async Task Login_registers_a_device_with_a_new_key_and_stores_it_for_the_owner_only()
    {
        var session = await _mullvad.LoginAsync();

        var device = _mullvad.Server.Accounts[MullvadFixture.AccountNumber].Single();
        session.Device!.Id.Should().Be(device.Id);
        session.Device.Name.Should().Be(device.Name);
        session.Device.Ipv4Address.Should().Be(device.Ipv4);
        WireGuardKeyPair.FromPrivateKey(Convert.FromBase64String(session.Device.PrivateKey.Reveal())).PublicKey.Should().Be(device.PublicKey);
        session.Device.KeyCreatedAt.Should().Be(_mullvad.Time.Now);
        var file = Path.Combine(_mullvad.Store.Directory, MullvadStore.SessionFile);
        File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _mullvad.Store.LoadSession()!.AccountNumber.Should().Be(new Secret(MullvadFixture.AccountNumber));
        _mullvad.Store.LoadRelays()!.Relays.Relays.Should().HaveCount(4);
    }

    [Fact]
    public async Task Account_numbers_typed_with_spaces_or_dashes_are_accepted()
    {
        var session = await MullvadLogin.LoginAsync(_mullvad.Client(), new Secret("1234 5678-9012 3456"), _mullvad.Store, _mullvad.Time, CancellationToken.None);

        session.AccountNumber.Should().Be(new Secret(MullvadFixture.AccountNumber));
    }

    [Fact]
    public async Task A_wrong_account_number_is_refused_and_nothing_is_stored()
    {
        var act = () => MullvadLogin.LoginAsync(_mullvad.Client(), new Secret("9999888877776666"), _mullvad.Store, _mullvad.Time, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<MullvadApiException>()).Which;
        error.Failure.Should().Be(MullvadFailure.Refused);
        error.Code.Should().Be("INVALID_ACCOUNT");
        error.Message.Should().Contain("does not know this account number").And.NotContain("9999888877776666");
        Directory.Exists(_mullvad.Store.Directory).Should().BeFalse();
    }

    [Fact]
    public async Task A_full_account_says_how_to_free_a_device_slot()
    {
        for (var i = 0; i < MullvadTestServer.MaxDevices; i++)
        {
            await _mullvad.Client().CreateDeviceAsync(await Token(), Sodium.GenerateWireGuardKeyPair().PublicKey, CancellationToken.None);
        }

        var act = () => _mullvad.LoginAsync();

        (await act.Should().ThrowAsync<MullvadApiException>()).Which.Message.Should().Contain("maximum number of devices").And.Contain("mullvad.net");
        Directory.Exists(_mullvad.Store.Directory).Should().BeFalse();
    }

    [Fact]
    public async Task Logging_in_again_keeps_the_registered_device()
    {
        var first = await _mullvad.LoginAsync();
        var second = await _mullvad.LoginAsync();

        second.Device!.Id.Should().Be(first.Device!.Id);
        second.Device.PrivateKey.Should().Be(first.Device.PrivateKey);
        _mullvad.Server.Accounts[MullvadFixture.AccountNumber].Should().ContainSingle();
    }

    [Fact]
    public async Task Logout_removes_the_device_from_the_account_and_the_local_files()
    {
        await _mullvad.LoginAsync();

        await MullvadLogin.LogoutAsync(_mullvad.Client(), _mullvad.Store, _mullvad.Time, CancellationToken.None);

        _mullvad.Server.Accounts[MullvadFixture.AccountNumber].Should().BeEmpty();
        Directory.Exists(_mullvad.Store.Directory).Should().BeFalse();
    }

    [Fact]
    public async Task An_unreachable_API_is_named_with_its_host()
    {
        var act = () => MullvadLogin.LoginAsync(_mullvad.Client(new Uri(ClosedPort.Url())), new Secret(MullvadFixture.AccountNumber), _mullvad.Store, _mullvad.Time, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<MullvadApiException>()).Which;
        error.Failure.Should().Be(MullvadFailure.Unreachable);
        error.Message.Should().Contain("unreachable").And.Contain("127.0.0.1").And.NotContain(MullvadFixture.AccountNumber);
    }

    [Theory]
    [InlineData(MullvadTestFault.Http500, "HTTP 500")]
    [InlineData(MullvadTestFault.Garbage, "not the relay list")]
    public async Task A_server_error_or_a_reply_that_is_not_JSON_is_malformed(MullvadTestFault fault, string message)
    {
        _mullvad.Server.Fault = fault;
        _mullvad.Server.FaultPath = "app/v1/relays";

        var act = () => _mullvad.LoginAsync();

        var error = (await act.Should().ThrowAsync<MullvadApiException>()).Which;
        error.Failure.Should().Be(MullvadFailure.Malformed);
        error.Message.Should().Contain(message);
        Directory.Exists(_mullvad.Store.Directory).Should().BeFalse();
    }

    private async Task<Secret> Token() => (await _mullvad.Client().CreateTokenAsync(new Secret(MullvadFixture.AccountNumber), CancellationToken.None)).Token;
}
