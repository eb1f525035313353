using Tunmux.Daemon.Control.Server;

namespace Tunmux.Daemon.Tests.Control.Server;

public sealed class SystemdActivationTests
{
    private const int OwnPid = 4321;

    [Theory]
    [InlineData("4321", "1", 3)]
    [InlineData("4321", "2", 3)]
    public void A_socket_passed_to_this_process_is_fd_3(string listenPid, string listenFds, int expected)
    {
        SystemdActivation.FindListenFd(Env(listenPid, listenFds), OwnPid).Should().Be(expected);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("4321", null)]
    [InlineData("4321", "0")]
    [InlineData("4321", "-1")]
    [InlineData("4321", "x")]
    [InlineData("1234", "1")]
    [InlineData(null, "1")]
    [InlineData("", "1")]
    [InlineData("+4321", "1")]
    public void Without_both_variables_naming_this_process_there_is_no_inherited_socket(string? listenPid, string? listenFds)
    {
        SystemdActivation.FindListenFd(Env(listenPid, listenFds), OwnPid).Should().BeNull();
    }

    private static Func<string, string?> Env(string? listenPid, string? listenFds) => name => name switch
    {
        "LISTEN_PID" => listenPid,
        "LISTEN_FDS" => listenFds,
        _ => null,
    };
}
