using System.Net.Sockets;
using Tunmux.Daemon.Control.Unix;
using Tunmux.Daemon.Tests.Control.Support;

namespace Tunmux.Daemon.Tests.Control.Unix;

public sealed class FileStatusTests : IDisposable
{
    private readonly TempSocketDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Tells_a_socket_from_a_regular_file_and_a_directory()
    {
        var file = _dir.File("plain");
        File.WriteAllText(file, "x");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(_dir.SocketPath));

        FileStatus.Of(_dir.SocketPath)!.IsSocket.Should().BeTrue();
        FileStatus.Of(file)!.IsSocket.Should().BeFalse();
        FileStatus.Of(_dir.Path)!.IsDirectory.Should().BeTrue();
    }

    [Fact]
    public void Reports_permissions_and_owner()
    {
        var file = _dir.File("plain");
        File.WriteAllText(file, "x");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);

        var status = FileStatus.Of(file)!;

        Convert.ToString(status.Permissions, 8).Should().Be("460");
        status.Uid.Should().Be(OwnIds.EffectiveUid());
    }

    [Fact]
    public void A_missing_path_gives_null()
    {
        FileStatus.Of(_dir.File("missing")).Should().BeNull();
        FileStatus.Of(_dir.File("missing/below")).Should().BeNull();
    }

    [Fact]
    public void A_replaced_file_is_not_the_same_file()
    {
        var file = _dir.File("plain");
        File.WriteAllText(file, "x");
        var before = FileStatus.Of(file)!;
        var keep = _dir.File("keep");
        File.Move(file, keep);
        File.WriteAllText(file, "y");

        FileStatus.Of(file)!.IsSameFileAs(before).Should().BeFalse();
        FileStatus.Of(keep)!.IsSameFileAs(before).Should().BeTrue();
    }

    [Fact]
    public void A_symlink_is_not_followed()
    {
        var target = _dir.File("plain");
        File.WriteAllText(target, "x");
        var link = _dir.File("link");
        File.CreateSymbolicLink(link, target);

        FileStatus.Of(link)!.IsSameFileAs(FileStatus.Of(target)!).Should().BeFalse();
    }
}
