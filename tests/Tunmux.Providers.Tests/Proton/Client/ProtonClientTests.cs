using Tunmux.Providers.Proton.Client;

namespace Tunmux.Providers.Tests.Proton.Client;

/// <summary>Issue #5: token refresh, revoked sessions and logout against the Proton test server.</summary>
public sealed class ProtonClientTests
{
    [Fact]
    public async Task An_expired_access_token_is_refreshed_once_and_the_request_retried()
    {
        await using var bed = ProtonTestbed.Start();
        var session = await bed.LoginAsync();
        using var client = bed.Client(session.Tokens);
        ProtonTokens? stored = null;
        client.TokensRefreshed = (tokens, _) =>
        {
            stored = tokens;
            return Task.CompletedTask;
        };
        bed.Clock.Advance(TimeSpan.FromHours(2));

        var settings = await client.VpnSettingsAsync(CancellationToken.None);

        settings.Vpn!.Name.Should().Be("vpn-alice");
        bed.Server.Calls("POST auth/v4/refresh").Should().Be(1);
        bed.Server.Calls("GET vpn/v2").Should().Be(3, "one at login, one refused with 401, one after the refresh");
        stored.Should().NotBeNull();
        stored!.AccessToken.Should().NotBe(session.AccessToken);
        client.Tokens.Should().Be(stored);
    }

    [Fact]
    public async Task A_revoked_session_is_reported_as_expired_and_asks_for_a_new_login()
    {
        await using var bed = ProtonTestbed.Start();
        var session = await bed.LoginAsync();
        using var client = bed.Client(session.Tokens);
        bed.Server.RevokeAllSessions();

        var failure = (await FluentActions.Awaiting(() => client.VpnSettingsAsync(CancellationToken.None))
            .Should().ThrowAsync<ProtonException>()).Which;

        failure.Problem.Should().Be(ProtonProblem.SessionExpired);
        failure.Message.Should().Contain("tunmux proton login");
        bed.Server.Calls("POST auth/v4/refresh").Should().Be(1);
    }

    [Fact]
    public async Task Logout_ends_the_session_on_the_server()
    {
        await using var bed = ProtonTestbed.Start();
        var session = await bed.LoginAsync();
        using var client = bed.Client(session.Tokens);

        await client.LogoutAsync(CancellationToken.None);

        bed.Server.ActiveSessions.Should().Be(0);
        client.Tokens.Should().BeNull();
        using var stale = bed.Client(session.Tokens);
        (await FluentActions.Awaiting(() => stale.VpnSettingsAsync(CancellationToken.None)).Should().ThrowAsync<ProtonException>())
            .Which.Problem.Should().Be(ProtonProblem.SessionExpired);
    }

    [Fact]
    public async Task The_server_list_needs_no_session()
    {
        await using var bed = ProtonTestbed.Start();
        using var client = bed.Client();

        var logicals = await client.LogicalsAsync(CancellationToken.None);

        logicals.LogicalServers.Select(s => s.Name).Should().Contain(["US#1", "CH#1"]);
        bed.Server.LastHeaders.Should().NotContainKey("x-pm-uid");
    }
}
