using System.Net;
using System.Net.Sockets;

namespace Tunmux.Linux.Netns;

/// <summary>
/// Creates listening sockets in another network namespace (usually the host's, from inside
/// a tunnel's namespace). A socket belongs to the namespace it was created in for its whole
/// life: connections accepted on it come from that namespace, while everything else the
/// process opens stays in its own namespace.
/// </summary>
public static class NamespaceSocketBinder
{
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    /// <summary>Binds and listens on every endpoint, or on none: on the first failure the others are closed and it throws.</summary>
    public static IReadOnlyList<Socket> BindTcpListeners(string namespacePath, IEnumerable<IPEndPoint> endpoints, int backlog) =>
        Bind(namespacePath, endpoints.Select(endpoint => SocketBinding.Tcp(endpoint, backlog)));

    /// <summary>Binds a UDP socket on every endpoint, or on none.</summary>
    public static IReadOnlyList<Socket> BindUdp(string namespacePath, IEnumerable<IPEndPoint> endpoints) =>
        Bind(namespacePath, endpoints.Select(SocketBinding.Udp));

    /// <summary>
    /// Binds every socket (TCP and UDP mixed), or none. Throws <see cref="ListenerBindException"/>
    /// naming the first address that failed, or <see cref="NetworkNamespaceException"/>.
    /// </summary>
    public static IReadOnlyList<Socket> Bind(string namespacePath, IEnumerable<SocketBinding> bindings)
    {
        var outcomes = TryBindEach(namespacePath, bindings);
        var failed = outcomes.FirstOrDefault(outcome => !outcome.Succeeded);
        if (failed is null)
        {
            return outcomes.Select(outcome => outcome.Socket!).ToList();
        }

        foreach (var outcome in outcomes)
        {
            outcome.Socket?.Dispose();
        }

        throw failed.Error!;
    }

    /// <summary>
    /// Binds each socket on its own and reports each result, for callers that accept partial
    /// success (for example "127.0.0.1 or ::1, at least one"). Entering the namespace is all or
    /// nothing: that failure throws <see cref="NetworkNamespaceException"/>.
    /// </summary>
    public static IReadOnlyList<BindOutcome> TryBindEach(string namespacePath, IEnumerable<SocketBinding> bindings)
    {
        ArgumentNullException.ThrowIfNull(namespacePath);
        var requested = bindings.ToList();
        return NetworkNamespace.RunInside(namespacePath, () => requested.Select(BindOne).ToList());
    }

    private static BindOutcome BindOne(SocketBinding binding)
    {
        var isUdp = binding.Protocol == ProtocolType.Udp;
        Socket? socket = null;
        try
        {
            socket = new Socket(binding.EndPoint.AddressFamily, isUdp ? SocketType.Dgram : SocketType.Stream, binding.Protocol);
            if (binding.EndPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // [::] must not also take the IPv4 port: 0.0.0.0 is bound separately when wanted.
                socket.DualMode = false;
            }

            if (!isUdp)
            {
                // SO_REUSEADDR alone lets a restarted worker bind while old connections sit in TIME_WAIT,
                // while a live listener still conflicts. .NET's ReuseAddress option would also set
                // SO_REUSEPORT, letting two workers share one port, so the raw option is set instead.
                socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            }

            socket.Bind(binding.EndPoint);
            if (!isUdp)
            {
                socket.Listen(binding.Backlog);
            }

            return new BindOutcome(binding, socket, null);
        }
        catch (SocketException ex)
        {
            socket?.Dispose();
            return new BindOutcome(binding, null, new ListenerBindException(binding.EndPoint, binding.Protocol, ex.SocketErrorCode, ex));
        }
    }
}
