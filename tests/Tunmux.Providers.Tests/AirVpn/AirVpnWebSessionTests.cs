using System.IO.Compression;
using System.Text;
using Tunmux.Core.Model;
using Tunmux.Providers.AirVpn;
using Tunmux.Providers.AirVpn.Web;

namespace Tunmux.Providers.Tests.AirVpn;

public sealed class AirVpnWebSessionTests : IAsyncLifetime
{
    private readonly AirVpnFixture _airvpn = new();
    private AirVpnSession _session = null!;

    public async Task InitializeAsync() => _session = await _airvpn.LoginAsync();

    public async Task DisposeAsync() => await _airvpn.DisposeAsync();

    private Task<T> Use<T>(Func<AirVpnAccountPages, Task<T>> work) =>
        AirVpnWebSession.UseAsync(_airvpn.StoreFor(), _session, _airvpn.Server.BaseUri, work, CancellationToken.None);

    [Fact]
    public async Task The_account_pages_log_in_with_the_form_and_list_devices()
    {
        var devices = await Use(pages => pages.DevicesAsync(CancellationToken.None));

        devices.Select(d => d.Name).Should().Equal("laptop", "My desktop");
        devices[0].PublicKey.Should().Be(_airvpn.Account.Devices[0].PublicKey);
        _airvpn.Server.WebLogins.Should().Be(1);
        var login = _airvpn.Server.Requests.Single(r => r is { Method: "POST", Path: "/login/" }).Form();
        login["auth"].Should().Be("alice");
        login["remember_me"].Should().Be("1");
        login["csrfKey"].Should().NotBeEmpty();
    }

    [Fact]
    public async Task The_saved_session_is_reused_by_the_next_command_and_kept_private()
    {
        await Use(pages => pages.DevicesAsync(CancellationToken.None));
        var pageLoads = _airvpn.Server.Requests.Count(r => r.Method == "GET");
        await Use(pages => pages.DevicesAsync(CancellationToken.None));

        _airvpn.Server.WebLogins.Should().Be(1);
        _airvpn.Server.Requests.Count(r => r.Method == "GET").Should().Be(pageLoads, "the cookies and the page's token were saved");
        var file = Path.Combine(_airvpn.StoreFor().Directory, AirVpnStore.WebSessionFile);
        File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task An_expired_session_logs_in_again_and_an_invalid_token_is_fetched_again()
    {
        await Use(pages => pages.DevicesAsync(CancellationToken.None));
        _airvpn.Server.ExpireCsrfTokens();
        (await Use(pages => pages.DevicesAsync(CancellationToken.None))).Should().HaveCount(2);
        _airvpn.Server.WebLogins.Should().Be(1);

        _airvpn.Server.ExpireWebSessions();
        (await Use(pages => pages.DevicesAsync(CancellationToken.None))).Should().HaveCount(2);
        _airvpn.Server.WebLogins.Should().Be(2);
    }

    [Fact]
    public async Task The_entry_gate_is_passed_by_computing_its_cookie()
    {
        _airvpn.Server.EntryGate = true;

        var devices = await Use(pages => pages.DevicesAsync(CancellationToken.None));

        devices.Should().HaveCount(2);
        _airvpn.Server.Requests.Should().Contain(r => r.Path == "/login/" && r.Cookies().ContainsKey("af3"));
    }

    [Fact]
    public async Task A_wrong_password_on_the_site_is_reported_without_the_password()
    {
        _airvpn.Account.Password = "changed";

        var act = () => Use(pages => pages.DevicesAsync(CancellationToken.None));

        (await act.Should().ThrowAsync<AirVpnWebException>()).Which.Message.Should().Contain("refused the web login").And.NotContain(AirVpnFixture.Password);
    }

    [Fact]
    public async Task Devices_are_added_renamed_and_deleted_by_name()
    {
        var added = await Use(pages => pages.AddDeviceAsync("router", CancellationToken.None));
        await Use(async pages =>
        {
            await pages.RenameDeviceAsync("LAPTOP", "old laptop", CancellationToken.None);
            await pages.DeleteDeviceAsync("My desktop", CancellationToken.None);
            return 0;
        });

        added.Name.Should().Be("router");
        _airvpn.Account.Devices.Select(d => d.Name).Should().Equal("old laptop", "router");
        var missing = () => Use(async pages =>
        {
            await pages.DeleteDeviceAsync("phone", CancellationToken.None);
            return 0;
        });
        (await missing.Should().ThrowAsync<AirVpnWebException>()).Which.Message.Should().Contain("no device \"phone\"").And.Contain("\"old laptop\"");
    }

    [Fact]
    public async Task Ports_are_forwarded_configured_checked_and_removed()
    {
        _airvpn.Server.VpnSessions.Add(("laptop", "Castor", "127.0.10.1"));

        var port = await Use(pages => pages.AddPortAsync(8080, CancellationToken.None));
        var (ports, sessions, verdict) = await Use(async pages =>
        {
            await pages.SetPortProtocolAsync(8080, "tcp", CancellationToken.None);
            await pages.SetPortLocalAsync(8080, 9090, CancellationToken.None);
            await pages.SetPortDdnsAsync(8080, "myhost.airdns.org", CancellationToken.None);
            var sessions = await pages.PortSessionsAsync(8080, CancellationToken.None);
            return (await pages.PortsAsync(CancellationToken.None), sessions, await pages.TestPortAsync(sessions[0], 8080, CancellationToken.None));
        });
        await Use(async pages =>
        {
            await pages.RemovePortAsync(8080, CancellationToken.None);
            return 0;
        });

        port.Should().Be(8080);
        ports.Single().Should().Be(new AirVpnForwardedPort(8080, 1, "tcp", 9090, true, "All", "myhost"));
        sessions.Single().ServerName.Should().Be("Castor");
        verdict.Should().Be("Reachable on 127.0.10.1:8080 (tcp)");
        _airvpn.Account.Ports.Should().BeEmpty();
    }

    [Fact]
    public async Task A_second_forward_of_the_same_port_reports_the_sites_error()
    {
        await Use(pages => pages.AddPortAsync(8080, CancellationToken.None));

        var act = () => Use(pages => pages.AddPortAsync(8080, CancellationToken.None));

        (await act.Should().ThrowAsync<AirVpnWebException>()).Which.Message.Should().Be("airvpn.org: Port already forwarded.");
    }

    [Fact]
    public async Task Active_sessions_list_device_server_and_traffic()
    {
        _airvpn.Server.VpnSessions.Add(("laptop", "Castor", "127.0.10.1"));

        var (sessions, message) = await Use(pages => pages.VpnSessionsAsync(CancellationToken.None));

        sessions.Single().Should().Be(new AirVpnVpnSession("laptop", "Castor", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 2048, 1024, "127.0.10.1", "10.128.0.2"));
        message.Should().Be("1 active session(s)");
    }

    [Fact]
    public async Task The_generator_gets_an_API_key_once_and_returns_a_config_or_an_archive()
    {
        var (key, session) = await AirVpnWebSession.ApiKeyAsync(_airvpn.StoreFor(), _session, _airvpn.Server.BaseUri, CancellationToken.None);
        var again = await AirVpnWebSession.ApiKeyAsync(_airvpn.StoreFor(), _airvpn.StoreFor().LoadSession()!, _airvpn.Server.BaseUri, CancellationToken.None);
        using var http = new HttpClient();
        var generator = new AirVpnGenerator(http, _airvpn.Server.BaseUri, key);

        var single = await generator.GenerateAsync(["Castor"], "wireguard_3_udp_1637", "laptop", "ipv4", "ipv4", 1320, 15, CancellationToken.None);
        var archive = await generator.GenerateAsync(["Castor", "Vega"], "wireguard_3_udp_1637", "laptop", "ipv4", "ipv4", 1320, 15, CancellationToken.None);

        _airvpn.Account.ApiKeys.Single().Name.Should().Be("tunmux");
        again.Key.Should().Be(key);
        session.ApiKey.Should().Be(key);
        single.IsZip.Should().BeFalse();
        Encoding.UTF8.GetString(single.Content).Should().Contain("Endpoint = 127.0.10.1:1637").And.Contain($"PrivateKey = {_airvpn.Account.Devices[0].PrivateKey}");
        archive.IsZip.Should().BeTrue();
        using var zip = new ZipArchive(new MemoryStream(archive.Content));
        zip.Entries.Select(e => e.Name).Should().BeEquivalentTo("AirVPN_Castor_wireguard_3_udp_1637.conf", "AirVPN_Vega_wireguard_3_udp_1637.conf");
    }

    [Fact]
    public async Task A_refused_API_key_is_reported_by_the_generator()
    {
        using var http = new HttpClient();
        var generator = new AirVpnGenerator(http, _airvpn.Server.BaseUri, new Secret("not-a-key"));

        var act = () => generator.GenerateAsync(["Castor"], "wireguard_3_udp_1637", "laptop", "ipv4", "ipv4", 1320, 15, CancellationToken.None);

        (await act.Should().ThrowAsync<AirVpnWebException>()).Which.Message.Should().Be("AirVPN's generator: Invalid API key.");
    }
}
