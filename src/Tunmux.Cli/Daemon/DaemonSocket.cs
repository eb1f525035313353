using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Client;

namespace Tunmux.Cli.Daemon;

/// <summary>Where the daemon's control socket is, and how a command connects to it.</summary>
public static class DaemonSocket
{
    public const string Variable = "TUNMUX_SOCKET";

    public static string Path(Func<string, string?> environment) =>
        environment(Variable) is { Length: > 0 } path ? path : ControlProtocol.DefaultSocketPath;

    /// <summary>A connection, or null when no daemon listens; throws when one exists and refuses (see <see cref="ControlClient.TryConnectAsync"/>).</summary>
    public static Task<ControlClient?> TryConnectAsync(Func<string, string?> environment, CancellationToken cancellationToken) =>
        ControlClient.TryConnectAsync(Path(environment), TimeSpan.FromSeconds(2), cancellationToken);
}
