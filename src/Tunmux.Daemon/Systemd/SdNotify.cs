using System.Net.Sockets;
using System.Text;

namespace Tunmux.Daemon.Systemd;

/// <summary>
/// systemd's readiness protocol: a datagram to $NOTIFY_SOCKET ("READY=1", "WATCHDOG=1",
/// "STATUS=..."). Without the variable (not started by systemd) it does nothing.
/// </summary>
public sealed class SdNotify(Func<string, string?>? environment = null)
{
    private readonly string? _socket = (environment ?? Environment.GetEnvironmentVariable)("NOTIFY_SOCKET");
    private readonly string? _watchdog = (environment ?? Environment.GetEnvironmentVariable)("WATCHDOG_USEC");

    public bool Enabled => !string.IsNullOrEmpty(_socket);

    /// <summary>Half the watchdog interval systemd asked for, or null when it asked for none.</summary>
    public TimeSpan? WatchdogPingInterval =>
        long.TryParse(_watchdog, out var microseconds) && microseconds > 0 ? TimeSpan.FromMicroseconds(microseconds / 2.0) : null;

    public bool Send(string state)
    {
        if (!Enabled)
        {
            return false;
        }

        // A leading '@' names an abstract socket, written with a NUL byte in its place.
        var path = _socket![0] == '@' ? "\0" + _socket[1..] : _socket;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.SendTo(Encoding.UTF8.GetBytes(state), new UnixDomainSocketEndPoint(path));
        return true;
    }
}
