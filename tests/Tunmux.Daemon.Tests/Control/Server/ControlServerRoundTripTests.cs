using Tunmux.Testing.Control;
using System.Text.Json.Nodes;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Client;
using Tunmux.Daemon.Tests.Control.Support;

namespace Tunmux.Daemon.Tests.Control.Server;

public sealed class ControlServerRoundTripTests : IDisposable
{
    private readonly TempSocketDirectory _dir = new();
    private readonly FakeControlHandler _handler = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Ping_gets_one_response_line_with_the_handlers_body()
    {
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        await using var client = await RawClient.ConnectAsync(_dir.SocketPath);

        await client.SendAsync("{\"version\":2,\"kind\":\"ping\"}\n");
        var response = await client.ReadResponseAsync();

        response["version"]!.GetValue<int>().Should().Be(ControlProtocol.Version);
        response["ok"]!.GetValue<bool>().Should().BeTrue();
        response["body"]!["pong"]!.GetValue<bool>().Should().BeTrue();
        _handler.Received.Should().ContainSingle().Which.Request.Kind.Should().Be("ping");
    }

    [Fact]
    public async Task Handler_sees_the_kernels_credentials_of_the_connecting_process()
    {
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        await using var client = await ControlClient.ConnectAsync(_dir.SocketPath);

        var response = await client.SendAsync("whoami");

        response.Body!["pid"]!.GetValue<int>().Should().Be(Environment.ProcessId);
        response.Body["uid"]!.GetValue<uint>().Should().Be(OwnIds.EffectiveUid());
    }

    [Fact]
    public async Task Many_requests_on_one_connection_are_answered_in_order()
    {
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        await using var client = await ControlClient.ConnectAsync(_dir.SocketPath);

        for (var i = 0; i < 200; i++)
        {
            var response = await client.SendAsync("echo", new JsonObject { ["seq"] = i });
            response.Ok.Should().BeTrue();
            response.Body!["seq"]!.GetValue<int>().Should().Be(i);
        }

        _handler.Received.Should().HaveCount(200);
    }

    [Fact]
    public async Task Pipelined_requests_written_at_once_get_responses_in_the_same_order()
    {
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        await using var client = await RawClient.ConnectAsync(_dir.SocketPath);

        var lines = string.Concat(Enumerable.Range(0, 50).Select(i => $"{{\"version\":2,\"kind\":\"echo\",\"body\":{{\"seq\":{i}}}}}\n"));
        await client.SendAsync(lines);

        for (var i = 0; i < 50; i++)
        {
            (await client.ReadResponseAsync())["body"]!["seq"]!.GetValue<int>().Should().Be(i);
        }
    }

    [Fact]
    public async Task Concurrent_clients_each_get_their_own_answers()
    {
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);

        var clients = Enumerable.Range(0, 20).Select(async clientId =>
        {
            await using var client = await ControlClient.ConnectAsync(_dir.SocketPath);
            for (var seq = 0; seq < 25; seq++)
            {
                var response = await client.SendAsync("echo", new JsonObject { ["client"] = clientId, ["seq"] = seq });
                response.Body!["client"]!.GetValue<int>().Should().Be(clientId);
                response.Body["seq"]!.GetValue<int>().Should().Be(seq);
            }
        });
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(30));

        _handler.Received.Should().HaveCount(20 * 25);
    }

    [Fact]
    public async Task A_slow_request_on_one_connection_does_not_hold_up_another_client()
    {
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        await using var slow = await ControlClient.ConnectAsync(_dir.SocketPath);
        await using var quick = await ControlClient.ConnectAsync(_dir.SocketPath);

        var slowResponse = slow.SendAsync("block");
        await _handler.BlockEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var quickResponse = await quick.PingAsync().WaitAsync(TimeSpan.FromSeconds(10));
        quickResponse.Ok.Should().BeTrue();
        slowResponse.IsCompleted.Should().BeFalse("the slow request is still waiting in the handler");

        _handler.ReleaseBlock.SetResult();
        (await slowResponse.WaitAsync(TimeSpan.FromSeconds(10))).Body!["released"]!.GetValue<bool>().Should().BeTrue();
    }
}
