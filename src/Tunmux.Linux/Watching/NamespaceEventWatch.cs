using System.Runtime.InteropServices;
using Tunmux.Linux.Netlink;
using Tunmux.Linux.Netns;

namespace Tunmux.Linux.Watching;

/// <summary>
/// Watches owned namespaces through the kernel: one rtnetlink socket per namespace, subscribed
/// to its link, address and route notifications, and one inotify watch on the namespace folder
/// for namespaces that are deleted. Each socket is made inside its namespace by a short-lived
/// thread that calls only socket(2) (see <see cref="NetworkNamespace"/>); bind and reads happen
/// on other threads, the socket keeping its namespace. A socket also keeps its namespace alive,
/// so it is closed as soon as the namespace's name is deleted.
/// </summary>
internal sealed partial class NamespaceEventWatch(PollLoop loop, Action<string, string> signal, string namespaceFolder)
{
    private const int SockRaw = 3;
    private const int SockNonBlock = 0x800;
    private const int SockCloexec = 0x80000;
    private const int InotifyNonBlock = 0x800;
    private const int InotifyCloexec = 0x80000;
    private const int MsgTrunc = 0x20;
    private const int Eintr = 4;
    private const int Enobufs = 105;
    private const int BufferLength = 32768;
    private const uint Groups = NetlinkConstants.LinkGroup | NetlinkConstants.Ipv4AddressGroup | NetlinkConstants.Ipv4RouteGroup
        | NetlinkConstants.Ipv6AddressGroup | NetlinkConstants.Ipv6RouteGroup;

    private readonly WatchSet<string> _book = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _sockets = new(StringComparer.Ordinal);
    private readonly byte[] _buffer = new byte[BufferLength];
    private int _inotify = -1;

    /// <summary>True once deletions in the namespace folder are watched through inotify.</summary>
    public bool FolderWatched => _inotify >= 0;

    /// <summary>Called under the loop's gate.</summary>
    public void Watch(IReadOnlyDictionary<string, string> namespaces)
    {
        WatchFolder();
        var (start, stop) = _book.Diff(namespaces, retryLost: name => File.Exists(PathOf(name)));
        foreach (var name in stop)
        {
            CloseSocket(name);
        }

        foreach (var name in start)
        {
            Begin(name);
        }
    }

    /// <summary>The fallback while the folder is not watched, under the gate: reports namespaces whose name is gone.</summary>
    public bool Tick()
    {
        WatchFolder();
        if (FolderWatched)
        {
            return false;
        }

        foreach (var (name, _) in _book.Live().ToList())
        {
            if (!File.Exists(PathOf(name)))
            {
                Lost(name, "deleted");
            }
        }

        return _book.Count > 0;
    }

    private string PathOf(string name) => Path.Combine(namespaceFolder, name);

    private void Begin(string name)
    {
        int fd;
        int errno;
        try
        {
            (fd, errno) = NetworkNamespace.RunInside(PathOf(name), CreateSocket);
        }
        catch (NetworkNamespaceException)
        {
            Lost(name, "cannot be entered (gone?)");
            return;
        }

        if (fd < 0 || !Subscribe(fd, out errno))
        {
            if (fd >= 0)
            {
                _ = Close(fd);
            }

            // Out of descriptors or memory: say so as drift, so the pass (and the fallback poll) look at the key.
            Lost(name, $"cannot be watched: {Marshal.GetPInvokeErrorMessage(errno)}");
            return;
        }

        _sockets[name] = fd;
        _book.Started(name);
        loop.Add(fd, () => Drain(name, fd));
    }

    private static (int Fd, int Errno) CreateSocket()
    {
        var fd = Socket(NetlinkConstants.AfNetlink, SockRaw | SockNonBlock | SockCloexec, NetlinkConstants.NetlinkRoute);
        return fd < 0 ? (-1, Marshal.GetLastPInvokeError()) : (fd, 0);
    }

    private static bool Subscribe(int fd, out int errno)
    {
        // struct sockaddr_nl: u16 family, u16 pad, u32 port id (0: the kernel picks), u32 groups.
        Span<byte> address = stackalloc byte[12];
        address.Clear();
        MemoryMarshal.Write(address, (ushort)NetlinkConstants.AfNetlink);
        MemoryMarshal.Write(address[8..], Groups);
        var bound = Bind(fd, address, address.Length) == 0;
        errno = bound ? 0 : Marshal.GetLastPInvokeError();
        return bound;
    }

    /// <summary>Reads every queued notification of one namespace; reports the first that may be drift.</summary>
    private void Drain(string name, int fd)
    {
        string? reason = null;
        while (true)
        {
            var received = Receive(fd, _buffer, _buffer.Length, MsgTrunc);
            if (received < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Eintr)
                {
                    continue;
                }

                if (errno == Enobufs)
                {
                    reason ??= "notifications were lost";
                    continue;
                }

                break; // EAGAIN: drained. Anything else: the fallback poll covers the namespace.
            }

            if (received > _buffer.Length)
            {
                reason ??= "a notification was too long to read";
                continue;
            }

            try
            {
                reason ??= RouteNotification.FirstDrift(_buffer.AsSpan(0, (int)received));
            }
            catch (NetlinkException)
            {
                reason ??= "a notification could not be read";
            }
        }

        if (reason is not null && _book.IsWatched(name) && _book.KeyOf(name) is { } key)
        {
            signal(key, $"namespace {name}: {reason}");
        }
    }

    private void WatchFolder()
    {
        if (_inotify >= 0 || !Directory.Exists(namespaceFolder))
        {
            return;
        }

        var fd = InotifyInit(InotifyNonBlock | InotifyCloexec);
        if (fd < 0)
        {
            return;
        }

        if (InotifyAddWatch(fd, namespaceFolder, InotifyRecord.Deleted | InotifyRecord.MovedFrom) < 0)
        {
            _ = Close(fd);
            return;
        }

        _inotify = fd;
        loop.Add(fd, ReadFolderEvents);
    }

    private void ReadFolderEvents()
    {
        while (true)
        {
            var received = Read(_inotify, _buffer, _buffer.Length);
            if (received < 0 && Marshal.GetLastPInvokeError() == Eintr)
            {
                continue;
            }

            if (received <= 0)
            {
                return;
            }

            foreach (var record in InotifyRecords.Parse(_buffer.AsSpan(0, (int)received)))
            {
                if (record.Removes)
                {
                    Lost(record.Name, "deleted");
                }
                else if ((record.Mask & InotifyRecord.QueueOverflow) != 0)
                {
                    CheckAllExist();
                }
                else if ((record.Mask & InotifyRecord.FolderGone) != 0)
                {
                    // The folder itself went away: fall back to polling until it is back.
                    loop.Remove(_inotify);
                    _inotify = -1;
                    CheckAllExist();
                    return;
                }
            }
        }
    }

    private void CheckAllExist()
    {
        foreach (var (name, _) in _book.Live().ToList())
        {
            if (!File.Exists(PathOf(name)))
            {
                Lost(name, "deleted");
            }
        }
    }

    private void Lost(string name, string what)
    {
        CloseSocket(name);
        if (_book.Lose(name) is { } key)
        {
            signal(key, $"namespace {name} {what}");
        }
    }

    private void CloseSocket(string name)
    {
        if (_sockets.Remove(name, out var fd))
        {
            loop.Remove(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int Bind(int fd, ReadOnlySpan<byte> address, int length);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Receive(int fd, Span<byte> buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, Span<byte> buffer, nint length);

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InotifyAddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
