using System.ComponentModel;
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
        var addresses = requested.Select(binding => NativeSocketAddress.Encode(binding.EndPoint)).ToList();

        // Inside the other namespace: system calls only (see RawListener for why). The
        // descriptors become Sockets back here, on a thread in our own namespace.
        var opened = NetworkNamespace.RunInside(namespacePath, () => requested.Select((binding, i) => RawListener.Open(binding, addresses[i])).ToList());
        var outcomes = new List<BindOutcome>(requested.Count);
        try
        {
            for (var i = 0; i < requested.Count; i++)
            {
                outcomes.Add(Adopt(requested[i], opened[i]));
            }

            return outcomes;
        }
        catch
        {
            foreach (var outcome in outcomes)
            {
                outcome.Socket?.Dispose();
            }

            foreach (var (fd, _) in opened.Skip(outcomes.Count + 1).Where(o => o.Fd >= 0))
            {
                RawListener.CloseUnadopted(fd);
            }

            throw;
        }
    }

    private static BindOutcome Adopt(SocketBinding binding, (int Fd, int Errno) opened)
    {
        if (opened.Fd < 0)
        {
            var error = SocketErrno.ToSocketError(opened.Errno);
            return new BindOutcome(binding, null, new ListenerBindException(binding.EndPoint, binding.Protocol, error, new Win32Exception(opened.Errno)));
        }

        var handle = new SafeSocketHandle(opened.Fd, ownsHandle: true);
        try
        {
            return new BindOutcome(binding, new Socket(handle), null);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
