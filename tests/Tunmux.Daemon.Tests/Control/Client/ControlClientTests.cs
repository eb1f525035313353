using Tunmux.Testing.Control;
using System.Net.Sockets;
using System.Text;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Client;
using Tunmux.Daemon.Tests.Control.Support;

namespace Tunmux.Daemon.Tests.Control.Client;

public sealed class ControlClientTests : IDisposable
{
    private readonly TempSocketDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TryConnect_returns_null_when_there_is_no_socket_file()
    {
        (await ControlClient.TryConnectAsync(_dir.SocketPath)).Should().BeNull();
        (await ControlClient.TryConnectAsync(_dir.File("missing-dir/ctl.sock"))).Should().BeNull();
    }

    [Fact]
    public async Task TryConnect_returns_null_when_nothing_listens_on_the_socket_file()
    {
        StaleSocket.CreateAt(_dir.SocketPath);

        File.Exists(_dir.SocketPath).Should().BeTrue("the precondition is a socket file without a listener");
        (await ControlClient.TryConnectAsync(_dir.SocketPath)).Should().BeNull();
    }

    [Fact]
    public async Task Connect_explains_that_no_daemon_is_listening()
    {
        var connect = () => ControlClient.ConnectAsync(_dir.SocketPath);

        var thrown = await connect.Should().ThrowAsync<ControlClientException>();
        thrown.Which.Failure.Should().Be(ControlClientFailure.NotListening);
        thrown.Which.Message.Should().Be($"no tunmux daemon is listening on {_dir.SocketPath}");
    }

    [Fact]
    public async Task Connect_gives_up_after_its_timeout_when_the_daemon_does_not_accept()
    {
        using var stuck = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        stuck.Bind(new UnixDomainSocketEndPoint(_dir.SocketPath));
        stuck.Listen(0);
        var fillers = new List<Socket>();
        try
        {
            // Fill the backlog; the listener never accepts, so the next connect waits.
            while (fillers.Count < 16)
            {
                var filler = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
                fillers.Add(filler);
                try
                {
                    filler.Connect(new UnixDomainSocketEndPoint(_dir.SocketPath));
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain)
                {
                    break;
                }
            }

            var connect = () => ControlClient.ConnectAsync(_dir.SocketPath, TimeSpan.FromMilliseconds(300));

            (await connect.Should().ThrowAsync<ControlClientException>()).Which.Failure.Should().Be(ControlClientFailure.Timeout);
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task A_response_that_is_not_json_is_a_protocol_error()
    {
        using var fake = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        fake.Bind(new UnixDomainSocketEndPoint(_dir.SocketPath));
        fake.Listen();
        await using var client = await ControlClient.ConnectAsync(_dir.SocketPath);
        using var accepted = await fake.AcceptAsync();

        var send = client.PingAsync();
        await accepted.SendAsync(Encoding.UTF8.GetBytes("hello, I am not tunmux\n"));

        (await send.Invoking(s => s).Should().ThrowAsync<ControlClientException>()).Which.Failure.Should().Be(ControlClientFailure.ProtocolError);
    }

    [Fact]
    public async Task A_daemon_that_hangs_up_without_answering_is_reported_as_closed()
    {
        using var fake = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        fake.Bind(new UnixDomainSocketEndPoint(_dir.SocketPath));
        fake.Listen();
        await using var client = await ControlClient.ConnectAsync(_dir.SocketPath);
        using (var accepted = await fake.AcceptAsync())
        {
            accepted.Shutdown(SocketShutdown.Both);
        }

        var send = () => client.PingAsync();

        (await send.Should().ThrowAsync<ControlClientException>()).Which.Failure.Should().Be(ControlClientFailure.ConnectionClosed);
    }

    [Fact]
    public async Task Concurrent_sends_on_one_client_each_get_their_own_response()
    {
        var handler = new FakeControlHandler();
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, handler);
        await using var client = await ControlClient.ConnectAsync(_dir.SocketPath);

        var sends = Enumerable.Range(0, 30).Select(async i =>
            (i, (await client.SendAsync("echo", new System.Text.Json.Nodes.JsonObject { ["seq"] = i })).Body!["seq"]!.GetValue<int>()));
        var results = await Task.WhenAll(sends);

        results.Should().OnlyContain(r => r.i == r.Item2);
    }

    [Fact]
    public async Task The_client_sends_the_protocol_version_it_speaks()
    {
        var handler = new FakeControlHandler();
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, handler);
        await using var client = await ControlClient.ConnectAsync(_dir.SocketPath);

        await client.PingAsync();

        handler.Received.Single().Request.Version.Should().Be(ControlProtocol.Version);
    }
}
