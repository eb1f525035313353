using Tunmux.Testing.Control;
using System.Net.Sockets;
using Tunmux.Daemon.Control.Client;
using Tunmux.Daemon.Control.Server;
using Tunmux.Daemon.Control.Unix;
using Tunmux.Daemon.Tests.Control.Support;

namespace Tunmux.Daemon.Tests.Control.Server;

public sealed class ControlServerLifecycleTests : IDisposable
{
    private readonly TempSocketDirectory _dir = new();
    private readonly FakeControlHandler _handler = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_socket_file_gets_mode_0660_by_default()
    {
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);

        var status = FileStatus.Of(_dir.SocketPath)!;
        status.IsSocket.Should().BeTrue();
        Convert.ToString(status.Permissions, 8).Should().Be("660");
    }

    [Fact]
    public async Task The_socket_mode_is_configurable()
    {
        await using var server = await RunningServer.StartAsync(
            _dir.SocketPath, _handler, configure: o => o with { SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });

        Convert.ToString(FileStatus.Of(_dir.SocketPath)!.Permissions, 8).Should().Be("600");
    }

    [Fact]
    public async Task A_missing_directory_is_created_0755_when_the_group_does_not_exist()
    {
        var path = Path.Combine(_dir.Path, "run", "ctl.sock");

        await using var server = await RunningServer.StartAsync(path, _handler);

        var directory = FileStatus.Of(Path.Combine(_dir.Path, "run"))!;
        directory.IsDirectory.Should().BeTrue();
        Convert.ToString(directory.Permissions, 8).Should().Be("755");
        FileStatus.Of(path)!.IsSocket.Should().BeTrue();
    }

    [Fact]
    public async Task Stopping_closes_the_listener_and_removes_the_socket_file()
    {
        var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        File.Exists(_dir.SocketPath).Should().BeTrue();

        await server.StopAsync();

        File.Exists(_dir.SocketPath).Should().BeFalse();
        (await ControlClient.TryConnectAsync(_dir.SocketPath)).Should().BeNull();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Stopping_waits_for_open_connections_and_cancels_their_pending_requests()
    {
        var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        var client = await ControlClient.ConnectAsync(_dir.SocketPath);
        var blocked = client.SendAsync("block");
        await _handler.BlockEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await server.StopAsync();

        var outcome = await blocked.ContinueWith(t => t.Exception?.InnerException).WaitAsync(TimeSpan.FromSeconds(10));
        outcome.Should().BeOfType<ControlClientException>().Which.Failure.Should().Be(ControlClientFailure.ConnectionClosed);
        await client.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Disposing_a_server_that_never_ran_removes_its_socket_file()
    {
        var server = await ControlServer.ListenAsync(RunningServer.Options(_dir.SocketPath), _handler, FixedAuthorizer.AllowAll);
        File.Exists(_dir.SocketPath).Should().BeTrue();

        await server.DisposeAsync();

        File.Exists(_dir.SocketPath).Should().BeFalse();
    }

    [Fact]
    public async Task Stopping_leaves_a_file_that_replaced_the_socket_alone()
    {
        var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        File.Delete(_dir.SocketPath);
        await File.WriteAllTextAsync(_dir.SocketPath, "someone else's");

        await server.DisposeAsync();

        (await File.ReadAllTextAsync(_dir.SocketPath)).Should().Be("someone else's");
    }

    [Fact]
    public async Task A_stale_socket_file_nobody_listens_on_is_replaced()
    {
        StaleSocket.CreateAt(_dir.SocketPath);

        FileStatus.Of(_dir.SocketPath)!.IsSocket.Should().BeTrue("the precondition is a leftover socket file");

        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        await using var client = await ControlClient.ConnectAsync(_dir.SocketPath);

        (await client.PingAsync()).Ok.Should().BeTrue();
    }

    [Fact]
    public async Task A_socket_something_listens_on_is_not_taken_over()
    {
        using var live = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        live.Bind(new UnixDomainSocketEndPoint(_dir.SocketPath));
        live.Listen();

        var listen = () => ControlServer.ListenAsync(RunningServer.Options(_dir.SocketPath), _handler, FixedAuthorizer.AllowAll);

        (await listen.Should().ThrowAsync<ControlServerException>()).Which.Message.Should().Contain("already listening");
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await probe.ConnectAsync(new UnixDomainSocketEndPoint(_dir.SocketPath));
        (await live.AcceptAsync()).Dispose();
    }

    [Fact]
    public async Task A_file_that_is_not_a_socket_is_never_removed()
    {
        await File.WriteAllTextAsync(_dir.SocketPath, "precious");

        var listen = () => ControlServer.ListenAsync(RunningServer.Options(_dir.SocketPath), _handler, FixedAuthorizer.AllowAll);

        (await listen.Should().ThrowAsync<ControlServerException>()).Which.Message.Should().Contain("not a socket");
        (await File.ReadAllTextAsync(_dir.SocketPath)).Should().Be("precious");
    }

    [Fact]
    public async Task A_socket_path_longer_than_sun_path_is_a_clear_error()
    {
        var path = Path.Combine(_dir.Path, new string('s', 120) + ".sock");

        var listen = () => ControlServer.ListenAsync(RunningServer.Options(path), _handler, FixedAuthorizer.AllowAll);

        (await listen.Should().ThrowAsync<ControlServerException>()).Which.Message.Should().Contain("not a usable socket path");
    }

    [Fact]
    public async Task An_inherited_listening_socket_is_served_and_its_file_is_left_for_its_owner()
    {
        using var inherited = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        inherited.Bind(new UnixDomainSocketEndPoint(_dir.SocketPath));
        inherited.Listen();
        var fd = TestLibC.Duplicate((int)inherited.SafeHandle.DangerousGetHandle());

        var server = RunningServer.Start(ControlServer.Adopt(
            ListeningSocket.Adopt(fd), RunningServer.Options(_dir.SocketPath), _handler, FixedAuthorizer.AllowAll));
        server.Server.IsSocketActivated.Should().BeTrue();
        server.Server.SocketPath.Should().BeNull();
        await using (var client = await ControlClient.ConnectAsync(_dir.SocketPath))
        {
            (await client.PingAsync()).Ok.Should().BeTrue();
        }

        await server.DisposeAsync();

        FileStatus.Of(_dir.SocketPath)!.IsSocket.Should().BeTrue("systemd owns an inherited socket's file");
    }

    [Fact]
    public async Task RunAsync_can_be_called_only_once()
    {
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);

        var again = () => server.Server.RunAsync(CancellationToken.None);

        await again.Should().ThrowAsync<InvalidOperationException>();
    }
}
