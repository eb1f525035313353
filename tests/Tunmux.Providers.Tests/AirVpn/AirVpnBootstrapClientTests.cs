using Tunmux.Core.Model;
using Tunmux.Providers.AirVpn;
using Tunmux.Testing.TestServers;
using Tunmux.Testing.TestServers.AirVpn;

namespace Tunmux.Providers.Tests.AirVpn;

public sealed class AirVpnBootstrapClientTests : IAsyncLifetime
{
    private readonly AirVpnFixture _airvpn = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _airvpn.DisposeAsync();

    [Fact]
    public async Task The_user_call_is_encrypted_for_the_servers_key_and_returns_every_device()
    {
        var user = await _airvpn.Client().FetchUserAsync(_airvpn.Credentials, CancellationToken.None);

        user.Login.Should().Be("alice");
        user.WireGuardPublicKey.Should().Be(_airvpn.Account.ServerPublicKey);
        user.Keys.Select(k => k.Name).Should().Equal("laptop", "My desktop");
        user.Keys[0].WireGuardPrivateKey.Reveal().Should().Be(_airvpn.Account.Devices[0].PrivateKey);
        _airvpn.Server.Calls.Should().Equal([("user", "alice")]);
    }

    [Fact]
    public async Task The_request_names_the_client_as_Eddie_and_never_carries_the_password_in_clear()
    {
        await _airvpn.Client().FetchUserAsync(_airvpn.Credentials, CancellationToken.None);

        var request = _airvpn.Server.Requests.Single();
        request.Header("User-Agent").Should().Be("Eddie/2.24.6");
        request.Header("Content-Type").Should().StartWith("application/x-www-form-urlencoded");
        request.Form().Keys.Should().BeEquivalentTo("s", "d");
        request.BodyText.Should().NotContain("correct").And.NotContain("alice");
    }

    [Fact]
    public async Task The_manifest_lists_servers_and_WireGuard_modes()
    {
        var manifest = await _airvpn.Client().FetchManifestAsync(_airvpn.Credentials, CancellationToken.None);

        manifest.Servers.Select(s => s.Name).Should().Equal("Castor", "Vega", "Alchiba", "Sirius");
        manifest.Servers[0].BandwidthMax.Should().Be(1000, "it is inherited from the servers_group");
        manifest.DefaultMode.Should().Be(new AirVpnMode("UDP", 1637, 0));
    }

    [Fact]
    public async Task A_wrong_password_is_a_refusal_with_AirVPNs_message_and_without_the_password()
    {
        var wrong = new AirVpnCredentials("alice", new Secret("hunter2"));

        var act = () => _airvpn.Client().FetchUserAsync(wrong, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<AirVpnApiException>()).Which;
        error.Failure.Should().Be(AirVpnFailure.Refused);
        error.Message.Should().Contain("Invalid credentials").And.NotContain("hunter2");
    }

    [Fact]
    public async Task When_the_first_bootstrap_address_is_down_the_next_one_answers()
    {
        var dead = ClosedPort.Url();
        var provider = _airvpn.Server.Provider with { BootstrapUrls = [dead, _airvpn.Server.BootstrapUrl] };

        var user = await _airvpn.Client(provider).FetchUserAsync(_airvpn.Credentials, CancellationToken.None);

        user.Login.Should().Be("alice");
    }

    [Fact]
    public async Task When_no_address_answers_the_error_says_unreachable_and_names_each_address()
    {
        var first = ClosedPort.Url();
        var second = ClosedPort.Url();
        var provider = _airvpn.Server.Provider with { BootstrapUrls = [first, second] };

        var act = () => _airvpn.Client(provider).FetchUserAsync(_airvpn.Credentials, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<AirVpnApiException>()).Which;
        error.Failure.Should().Be(AirVpnFailure.Unreachable);
        error.Message.Should().Contain("unreachable").And.Contain(first).And.Contain(second).And.Contain("cannot connect");
    }

    [Theory]
    [InlineData(AirVpnTestFault.Http500, "HTTP 500")]
    [InlineData(AirVpnTestFault.Garbage, "not encrypted with the request's key")]
    public async Task A_server_error_or_an_undecryptable_reply_is_a_malformed_answer(AirVpnTestFault fault, string reason)
    {
        _airvpn.Server.Fault = fault;

        var act = () => _airvpn.Client().FetchUserAsync(_airvpn.Credentials, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<AirVpnApiException>()).Which;
        error.Failure.Should().Be(AirVpnFailure.Malformed);
        error.Message.Should().Contain(reason).And.Contain(_airvpn.Server.BootstrapUrl);
    }

    [Fact]
    public async Task A_reply_that_decrypts_to_something_other_than_XML_is_malformed()
    {
        _airvpn.Server.Fault = AirVpnTestFault.NotXml;

        var act = () => _airvpn.Client().FetchManifestAsync(_airvpn.Credentials, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<AirVpnApiException>()).Which;
        error.Failure.Should().Be(AirVpnFailure.Malformed);
        error.Message.Should().Contain("not valid XML");
    }

    [Fact]
    public void The_api_url_flag_replaces_the_bootstrap_list_and_the_provider_file_replaces_the_key()
    {
        using var folder = new TempFolder();
        var file = _airvpn.Server.WriteEddieProviderFile(folder.Path);
        var environment = new Dictionary<string, string?> { [AirVpnSettings.ProviderFileVariable] = file };

        var fromFile = AirVpnSettings.Provider(null, name => environment.GetValueOrDefault(name));
        var withFlag = AirVpnSettings.Provider("http://127.0.0.1:1,http://127.0.0.1:2/", name => environment.GetValueOrDefault(name));
        var builtIn = AirVpnSettings.Provider(null, _ => null);

        fromFile.RsaModulusBase64.Should().Be(_airvpn.Server.Provider.RsaModulusBase64);
        fromFile.BootstrapUrls.Should().Equal(_airvpn.Server.BootstrapUrl);
        withFlag.BootstrapUrls.Should().Equal("http://127.0.0.1:1", "http://127.0.0.1:2");
        withFlag.RsaModulusBase64.Should().Be(fromFile.RsaModulusBase64);
        builtIn.Should().Be(AirVpnProvider.Default);
    }
}
