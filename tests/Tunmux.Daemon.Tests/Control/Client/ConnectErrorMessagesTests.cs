using Tunmux.Daemon.Control.Client;
using Tunmux.Daemon.Tests.Control.Support;

namespace Tunmux.Daemon.Tests.Control.Client;

public sealed class ConnectErrorMessagesTests : IDisposable
{
    private readonly TempSocketDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Permission_denied_names_the_socket_the_group_and_how_to_join_it()
    {
        var message = ConnectErrorMessages.PermissionDenied("/run/tunmux/ctl.sock", "vpn");

        message.Should().StartWith("permission denied connecting to the tunmux daemon at /run/tunmux/ctl.sock");
        message.Should().Contain("members of group 'vpn'");
        message.Should().Contain("sudo usermod -aG vpn $USER");
        message.Should().Contain("log out and back in");
    }

    [Fact]
    public void The_guarding_group_is_read_from_the_socket_files_group()
    {
        var path = _dir.File("guarded");
        File.WriteAllText(path, "");
        var group = Tunmux.Daemon.Control.Unix.GroupDatabase.FindName(OwnIds.EffectiveGid());

        var guarding = ConnectErrorMessages.GuardingGroup(path, "fallback");

        // Files owned by gid 0 say nothing useful ("root"), so the fallback stays.
        guarding.Should().Be(OwnIds.EffectiveGid() == 0 ? "fallback" : group);
    }

    [Fact]
    public void Without_a_readable_socket_or_directory_the_fallback_group_is_named()
    {
        ConnectErrorMessages.GuardingGroup("/nonexistent-tmx/dir/ctl.sock", "tunmux").Should().Be("tunmux");
    }
}
