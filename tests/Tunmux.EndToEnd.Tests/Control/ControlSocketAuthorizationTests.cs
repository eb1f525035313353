using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Server;
using Tunmux.Daemon.Control.Unix;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Testing.Control;

namespace Tunmux.EndToEnd.Tests.Control;

/// <summary>
/// The control socket against real users: a throwaway group and users, the server in this
/// process (root), and clients in other processes under setpriv. Only Unix sockets in a temp
/// directory; no network.
/// </summary>
public sealed class ControlSocketAuthorizationTests : IDisposable
{
    private const UnixFileMode Traversable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode EveryoneReadWrite =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    private readonly string _dir;
    private readonly RecordingHandler _handler = new();

    public ControlSocketAuthorizationTests()
    {
        _dir = Directory.CreateTempSubdirectory("tmxctl-").FullName;
        File.SetUnixFileMode(_dir, Traversable);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The control server listening with <paramref name="options"/> (and the real authorizer), serving in the background.</summary>
    private async Task<RunningServer> ServeAsync(ControlServerOptions options) => RunningServer.Start(await ControlServer.ListenAsync(options, _handler));

    [RootFact]
    public async Task With_a_socket_anyone_may_open_the_daemon_still_serves_only_root_and_group_members()
    {
        await using var accounts = await TemporaryAccounts.CreateAsync();
        var path = Path.Combine(_dir, "ctl.sock");
        await using var server = await ServeAsync(new ControlServerOptions
        {
            SocketPath = path, Group = accounts.Group, SocketMode = EveryoneReadWrite, AcceptSocketActivation = false,
        });

        var outsider = SocketPeer.Response(await SocketPeer.SendAsUserAsync(accounts.Outsider, path));
        var supplementary = SocketPeer.Response(await SocketPeer.SendAsUserAsync(accounts.SupplementaryMember, path));
        var primary = SocketPeer.Response(await SocketPeer.SendAsUserAsync(accounts.PrimaryMember, path));
        var root = SocketPeer.Response(await SocketPeer.SendAsRootAsync(path));

        outsider["ok"]!.GetValue<bool>().Should().BeFalse();
        outsider["error"]!.GetValue<string>().Should()
            .Be($"permission denied: uid {accounts.Outsider.Uid} is not root and not in group {accounts.Group}");
        outsider["code"]!.GetValue<string>().Should().Be(ControlErrorCodes.PermissionDenied);
        supplementary["ok"]!.GetValue<bool>().Should().BeTrue("the group is one of the user's supplementary groups");
        supplementary["body"]!["uid"]!.GetValue<uint>().Should().Be(accounts.SupplementaryMember.Uid);
        primary["ok"]!.GetValue<bool>().Should().BeTrue("the group is the user's primary group");
        root["ok"]!.GetValue<bool>().Should().BeTrue();
        _handler.Peers.Select(p => p.Uid).Should().BeEquivalentTo(
            [accounts.SupplementaryMember.Uid, accounts.PrimaryMember.Uid, 0u], "the outsider never reaches the handler");

        await server.StopAsync();
    }

    [RootFact]
    public async Task A_member_whose_process_dropped_the_group_is_refused()
    {
        // The database still lists the user in the group; the connecting process no longer holds it.
        await using var accounts = await TemporaryAccounts.CreateAsync();
        var path = Path.Combine(_dir, "ctl.sock");
        await using var server = await ServeAsync(new ControlServerOptions
        {
            SocketPath = path, Group = accounts.Group, SocketMode = EveryoneReadWrite, AcceptSocketActivation = false,
        });

        var response = SocketPeer.Response(await SocketPeer.SendAsUserAsync(accounts.SupplementaryMember, path, "--clear-groups"));

        response["ok"]!.GetValue<bool>().Should().BeFalse();
        response["error"]!.GetValue<string>().Should().StartWith($"permission denied: uid {accounts.SupplementaryMember.Uid}");
        _handler.Peers.Should().BeEmpty();

        await server.StopAsync();
    }

    [RootFact]
    public async Task With_the_default_modes_the_directory_and_socket_belong_to_the_group_and_outsiders_cannot_even_connect()
    {
        await using var accounts = await TemporaryAccounts.CreateAsync();
        var runDir = Path.Combine(_dir, "run");
        var path = Path.Combine(runDir, "ctl.sock");
        await using var server = await ServeAsync(new ControlServerOptions { SocketPath = path, Group = accounts.Group, AcceptSocketActivation = false });

        var directory = FileStatus.Of(runDir)!;
        var socket = FileStatus.Of(path)!;
        var outsider = await SocketPeer.SendAsUserAsync(accounts.Outsider, path);
        var member = SocketPeer.Response(await SocketPeer.SendAsUserAsync(accounts.SupplementaryMember, path));

        Convert.ToString(directory.Permissions, 8).Should().Be("750");
        directory.Gid.Should().Be(accounts.GroupGid);
        Convert.ToString(socket.Permissions, 8).Should().Be("660");
        socket.Uid.Should().Be(0u);
        socket.Gid.Should().Be(accounts.GroupGid);
        outsider.ExitCode.Should().NotBe(0);
        outsider.Stderr.Should().Contain("Permission denied");
        member["ok"]!.GetValue<bool>().Should().BeTrue();
        _handler.Peers.Select(p => p.Uid).Should().Equal(accounts.SupplementaryMember.Uid);

        await server.StopAsync();
        File.Exists(path).Should().BeFalse("the server removes the socket it created");
    }
}
