using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Crypto;
using Tunmux.Providers.Mullvad;
using Tunmux.Testing.TestServers.Mullvad;
using static Tunmux.Providers.Tests.Mullvad.MullvadFixture;

namespace Tunmux.Providers.Tests.Mullvad;

public sealed class MullvadTunnelSourceTests : IAsyncLifetime
{
    private readonly MullvadFixture _mullvad = new();

    public async Task InitializeAsync() => await _mullvad.LoginAsync();

    public async Task DisposeAsync() => await _mullvad.DisposeAsync();

    private MullvadTunnelSource Source => new(_mullvad.Options);

    private MullvadTestDevice Device => _mullvad.Server.Accounts[AccountNumber].Single();

    [Fact]
    public async Task The_config_uses_the_device_key_and_addresses_and_the_relay_as_peer()
    {
        var resolution = await Source.ResolveAsync(Tunnel(server: new ServerSelectorSpec { Name = "ch-zrh-wg-001" }), CancellationToken.None);

        resolution.Errors.Should().BeEmpty();
        resolution.Server.Should().Be("ch-zrh-wg-001");
        var config = resolution.Config!;
        WireGuardKeyPair.FromPrivateKey(Convert.FromBase64String(config.PrivateKey.Reveal())).PublicKey.Should().Be(Device.PublicKey);
        config.Addresses.Should().Equal(Device.Ipv4, Device.Ipv6);
        config.Dns.Should().Equal("10.64.0.1");
        var peer = config.Peers.Single();
        peer.PublicKey.Should().Be(_mullvad.Server.Relays[2].PublicKey);
        peer.Endpoint.Should().Be("127.0.20.3:51820");
        peer.AllowedIps.Should().Equal("0.0.0.0/0", "::/0");
    }

    [Fact]
    public async Task Country_city_and_owned_filter_relays_and_the_heaviest_weight_wins()
    {
        var sweden = await Source.ResolveAsync(Tunnel("a", new ServerSelectorSpec { Country = "se" }), CancellationToken.None);
        var owned = await Source.ResolveAsync(Tunnel("b", new ServerSelectorSpec { Country = "SE", Features = ["owned"] }), CancellationToken.None);
        var city = await Source.ResolveAsync(Tunnel("c", new ServerSelectorSpec { City = "Gothenburg" }), CancellationToken.None);
        var cityCode = await Source.ResolveAsync(Tunnel("d", new ServerSelectorSpec { City = "zrh" }), CancellationToken.None);

        sweden.Server.Should().Be("se-sto-wg-002", "its weight is 200");
        owned.Server.Should().Be("se-got-wg-001");
        city.Server.Should().Be("se-got-wg-001");
        cityCode.Server.Should().Be("ch-zrh-wg-001");
    }

    [Fact]
    public async Task Sorting_by_latency_uses_the_measured_round_trip()
    {
        _mullvad.Latency.Milliseconds["se-got-wg-001"] = 8;
        _mullvad.Latency.Milliseconds["se-sto-wg-002"] = 40;

        var resolution = await Source.ResolveAsync(Tunnel(server: new ServerSelectorSpec { Country = "SE", Sort = "latency" }), CancellationToken.None);

        resolution.Server.Should().Be("se-got-wg-001");
    }

    [Theory]
    [InlineData("country", "spec.server.country", "no active Mullvad relay in FR; countries with relays: CH, SE")]
    [InlineData("inactive", "spec.server.name", "relay de-fra-wg-005 is not active right now")]
    [InlineData("city", "spec.server.city", "no active Mullvad relay in city \"Malmo\" in SE; cities left: Gothenburg, Stockholm")]
    [InlineData("owned", "spec.server.features", "none of the 1 Mullvad relays left is owned")]
    [InlineData("maxLoad", "spec.server.maxLoad", "Mullvad publishes no server load")]
    public async Task When_no_relay_matches_the_error_names_the_filter_that_emptied_the_list(string filter, string field, string message)
    {
        var selector = filter switch
        {
            "country" => new ServerSelectorSpec { Country = "FR" },
            "inactive" => new ServerSelectorSpec { Name = "de-fra-wg-005" },
            "city" => new ServerSelectorSpec { Country = "SE", City = "Malmo" },
            "owned" => new ServerSelectorSpec { City = "Stockholm", Features = ["owned"] },
            _ => new ServerSelectorSpec { MaxLoad = 50 },
        };

        var resolution = await Source.ResolveAsync(Tunnel(server: selector), CancellationToken.None);

        var problem = resolution.Errors.Single();
        problem.FieldPath.Should().Be(field);
        problem.Message.Should().Contain(message);
    }

    [Fact]
    public async Task The_chosen_relay_is_kept_until_it_goes_inactive()
    {
        var tunnel = Tunnel(server: new ServerSelectorSpec { Country = "SE" });
        (await Source.ResolveAsync(tunnel, CancellationToken.None)).Server.Should().Be("se-sto-wg-002");
        _mullvad.Latency.Milliseconds["se-got-wg-001"] = 1;
        (await Source.ResolveAsync(tunnel with { Spec = tunnel.Spec with { Server = new ServerSelectorSpec { Country = "SE", Sort = "latency" } } }, CancellationToken.None))
            .Server.Should().Be("se-sto-wg-002", "a better relay is no reason to move");

        _mullvad.Server.Relays[1] = _mullvad.Server.Relays[1] with { Active = false };
        _mullvad.Time.Advance(TimeSpan.FromHours(7));
        var moved = await Source.ResolveAsync(tunnel, CancellationToken.None);

        moved.Server.Should().Be("se-got-wg-001");
    }

    [Fact]
    public async Task A_key_older_than_keyRotation_is_replaced_at_Mullvad_and_the_new_config_carries_it()
    {
        var tunnel = Tunnel(keyRotation: TimeSpan.FromHours(168));
        var before = await Source.ResolveAsync(tunnel, CancellationToken.None);
        _mullvad.Time.Advance(TimeSpan.FromHours(100));
        var notYet = await Source.ResolveAsync(tunnel, CancellationToken.None);
        var oldPublicKey = Device.PublicKey;

        _mullvad.Time.Advance(TimeSpan.FromHours(68));
        var rotated = await Source.ResolveAsync(tunnel, CancellationToken.None);

        notYet.Config!.PrivateKey.Should().Be(before.Config!.PrivateKey);
        rotated.Errors.Should().BeEmpty();
        rotated.Config!.PrivateKey.Should().NotBe(before.Config.PrivateKey);
        Device.KeyReplacements.Should().Be(1);
        Device.PublicKey.Should().NotBe(oldPublicKey);
        WireGuardKeyPair.FromPrivateKey(Convert.FromBase64String(rotated.Config.PrivateKey.Reveal())).PublicKey.Should().Be(Device.PublicKey);
        rotated.Config.Addresses.Should().Equal(before.Config.Addresses, "Mullvad keeps the device's addresses");
        _mullvad.Store.LoadSession()!.Device!.KeyCreatedAt.Should().Be(_mullvad.Time.Now);
        _mullvad.Store.LoadSession()!.PendingKey.Should().BeNull();

        var again = await Source.ResolveAsync(tunnel, CancellationToken.None);
        again.Config!.PrivateKey.Should().Be(rotated.Config.PrivateKey);
        Device.KeyReplacements.Should().Be(1);
    }

    [Fact]
    public async Task Without_keyRotation_or_when_rotation_is_not_allowed_the_key_stays()
    {
        _mullvad.Time.Advance(TimeSpan.FromDays(400));

        var plain = await new MullvadTunnelSource(_mullvad.Options).ResolveAsync(Tunnel(), CancellationToken.None);
        var readOnly = await new MullvadTunnelSource(_mullvad.Options with { RotateKeys = false }).ResolveAsync(Tunnel(keyRotation: TimeSpan.FromHours(24)), CancellationToken.None);

        plain.Errors.Should().BeEmpty();
        readOnly.Config!.PrivateKey.Should().Be(plain.Config!.PrivateKey);
        Device.KeyReplacements.Should().Be(0);
    }

    [Fact]
    public async Task A_revoked_device_is_replaced_by_a_new_registration()
    {
        var before = await Source.ResolveAsync(Tunnel(), CancellationToken.None);
        _mullvad.Server.Accounts[AccountNumber].Clear();
        _mullvad.Time.Advance(TimeSpan.FromHours(13));

        var after = await Source.ResolveAsync(Tunnel(), CancellationToken.None);

        after.Errors.Should().BeEmpty();
        after.Config!.PrivateKey.Should().NotBe(before.Config!.PrivateKey);
        WireGuardKeyPair.FromPrivateKey(Convert.FromBase64String(after.Config.PrivateKey.Reveal())).PublicKey.Should().Be(Device.PublicKey);
    }

    [Fact]
    public async Task An_expired_access_token_is_replaced_and_the_call_repeated()
    {
        _mullvad.Server.ExpireTokens();
        var issued = _mullvad.Server.TokensIssued;
        _mullvad.Time.Advance(TimeSpan.FromHours(200));

        var rotated = await Source.ResolveAsync(Tunnel(keyRotation: TimeSpan.FromHours(168)), CancellationToken.None);

        rotated.Errors.Should().BeEmpty();
        Device.KeyReplacements.Should().Be(1);
        _mullvad.Server.TokensIssued.Should().Be(issued + 1);
    }

    [Fact]
    public async Task A_rotation_Mullvad_did_not_answer_keeps_the_old_key_and_is_settled_on_the_next_run()
    {
        var before = await Source.ResolveAsync(Tunnel(), CancellationToken.None);
        _mullvad.Time.Advance(TimeSpan.FromHours(200));
        _mullvad.Server.Fault = MullvadTestFault.Http500;
        _mullvad.Server.FaultPath = "accounts/v1/devices";

        var refused = await Source.ResolveAsync(Tunnel(keyRotation: TimeSpan.FromHours(168)), CancellationToken.None);

        refused.Errors.Single().FieldPath.Should().Be("spec.provider");
        refused.Errors.Single().Message.Should().Contain("HTTP 500");
        _mullvad.Store.LoadSession()!.PendingKey.Should().BeNull("Mullvad answered no, so the key was not taken");
        _mullvad.Store.LoadSession()!.Device!.PrivateKey.Should().Be(before.Config!.PrivateKey);

        _mullvad.Server.Fault = MullvadTestFault.None;
        var retried = await Source.ResolveAsync(Tunnel(keyRotation: TimeSpan.FromHours(168)), CancellationToken.None);
        retried.Errors.Should().BeEmpty();
        Device.KeyReplacements.Should().Be(1);
    }

    [Fact]
    public async Task A_pending_key_that_Mullvad_took_is_adopted_on_the_next_run()
    {
        await Source.ResolveAsync(Tunnel(), CancellationToken.None);
        var keys = WireGuardKeyPair.FromPrivateKey(Convert.FromBase64String(Sodium.GenerateWireGuardKeyPair().PrivateKey.Reveal()));
        _mullvad.Store.SaveSession(_mullvad.Store.LoadSession()! with { PendingKey = new MullvadPendingKey(keys.PrivateKey, keys.PublicKey, _mullvad.Time.Now) });
        Device.PublicKey = keys.PublicKey; // Mullvad took it, then the process died before writing it down.

        var resolution = await Source.ResolveAsync(Tunnel(), CancellationToken.None);

        resolution.Config!.PrivateKey.Should().Be(keys.PrivateKey);
        _mullvad.Store.LoadSession()!.PendingKey.Should().BeNull();
    }

    [Fact]
    public async Task A_credentials_file_registers_its_own_device_once()
    {
        var file = _mullvad.Folder.Combine("mullvad.json");
        File.WriteAllText(file, $$"""{"accountNumber": "{{AccountNumber}}"}""");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var tunnel = Tunnel(account: new AccountSpec { CredentialsFile = file });

        var first = await Source.ResolveAsync(tunnel, CancellationToken.None);
        var second = await Source.ResolveAsync(tunnel, CancellationToken.None);

        first.Errors.Should().BeEmpty();
        second.Config!.PrivateKey.Should().Be(first.Config!.PrivateKey);
        _mullvad.Server.Accounts[AccountNumber].Should().HaveCount(2, "the stored login's device and the file's");
    }

    [Fact]
    public async Task A_credentials_file_with_a_wrong_account_number_fails_on_the_account()
    {
        var file = _mullvad.Folder.Combine("wrong.yaml");
        File.WriteAllText(file, "accountNumber: \"1111 2222 3333 4444\"\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var resolution = await Source.ResolveAsync(Tunnel(account: new AccountSpec { CredentialsFile = file }), CancellationToken.None);

        resolution.Errors.Single().FieldPath.Should().Be("spec.account");
        resolution.Errors.Single().Message.Should().Contain("does not know this account number").And.NotContain("1111");
    }

    [Fact]
    public async Task Without_a_stored_login_the_error_says_how_to_log_in()
    {
        var resolution = await Source.ResolveAsync(Tunnel(account: new AccountSpec { Name = "work" }), CancellationToken.None);

        resolution.Errors.Single().Message.Should().Be("no Mullvad login \"work\" is stored; run `tunmux mullvad login --account work`");
    }

    [Fact]
    public async Task When_the_relay_list_cannot_be_fetched_a_stale_one_is_used()
    {
        _mullvad.Time.Advance(TimeSpan.FromHours(7));
        _mullvad.Server.Fault = MullvadTestFault.Garbage;
        _mullvad.Server.FaultPath = "app/v1/relays";

        var resolution = await Source.ResolveAsync(Tunnel(server: new ServerSelectorSpec { Country = "CH" }), CancellationToken.None);

        resolution.Errors.Should().BeEmpty();
        resolution.Server.Should().Be("ch-zrh-wg-001");
    }
}
