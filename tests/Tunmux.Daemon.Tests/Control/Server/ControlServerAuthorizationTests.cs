using Tunmux.Testing.Control;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Authorization;
using Tunmux.Daemon.Control.Client;
using Tunmux.Daemon.Control.Unix;
using Tunmux.Daemon.Tests.Control.Support;

namespace Tunmux.Daemon.Tests.Control.Server;

public sealed class ControlServerAuthorizationTests : IDisposable
{
    private const string Refusal = "permission denied: uid 1001 is not root and not in group tunmux";
    private readonly TempSocketDirectory _dir = new();
    private readonly FakeControlHandler _handler = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_refused_peer_gets_permission_denied_and_nothing_reaches_the_handler()
    {
        await using var server = await RunningServer.StartAsync(
            _dir.SocketPath, _handler, new FixedAuthorizer(AuthorizationDecision.Deny(Refusal)));
        await using var client = await RawClient.ConnectAsync(_dir.SocketPath);

        await client.SendAsync("{\"version\":2,\"kind\":\"ping\"}\n");
        var response = await client.ReadResponseAsync();

        response["ok"]!.GetValue<bool>().Should().BeFalse();
        response["error"]!.GetValue<string>().Should().Be(Refusal);
        response["code"]!.GetValue<string>().Should().Be(ControlErrorCodes.PermissionDenied);
        (await client.ReadLineOrClosedAsync()).Should().BeNull("a refused connection is closed after the answer");
        _handler.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task A_refused_peer_is_refused_even_when_its_line_is_not_a_request()
    {
        await using var server = await RunningServer.StartAsync(
            _dir.SocketPath, _handler, new FixedAuthorizer(AuthorizationDecision.Deny(Refusal)));
        await using var client = await RawClient.ConnectAsync(_dir.SocketPath);

        await client.SendAsync("{\"version\":99}\n");

        (await client.ReadResponseAsync())["error"]!.GetValue<string>().Should().Be(Refusal);
    }

    [Fact]
    public async Task The_typed_client_reports_a_refusal_as_a_failed_response()
    {
        await using var server = await RunningServer.StartAsync(
            _dir.SocketPath, _handler, new FixedAuthorizer(AuthorizationDecision.Deny(Refusal)));
        await using var client = await ControlClient.ConnectAsync(_dir.SocketPath);

        var response = await client.PingAsync();

        response.Ok.Should().BeFalse();
        response.Error.Should().Be(Refusal);
        response.Code.Should().Be(ControlErrorCodes.PermissionDenied);
    }

    [Fact]
    public async Task Authorization_happens_once_per_connection_not_per_request()
    {
        var authorizer = new FixedAuthorizer(AuthorizationDecision.Allow("test"));
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler, authorizer);
        await using var client = await ControlClient.ConnectAsync(_dir.SocketPath);

        for (var i = 0; i < 5; i++)
        {
            (await client.PingAsync()).Ok.Should().BeTrue();
        }

        authorizer.Calls.Should().Be(1);
    }

    [Fact]
    public async Task The_real_authorizer_serves_this_process_when_its_group_is_the_authorized_one()
    {
        var ownGroup = GroupDatabase.FindName(OwnIds.EffectiveGid())!;
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler, new PeerAuthorizer(ownGroup));
        await using var client = await ControlClient.ConnectAsync(_dir.SocketPath);

        (await client.PingAsync()).Ok.Should().BeTrue();
    }
}
