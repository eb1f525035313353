using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Tunmux.Daemon.Control.Unix;

namespace Tunmux.Daemon.Control.Server;

/// <summary>
/// The listening control socket and the file it owns. A socket the server bound is removed on
/// dispose, but only if the file at the path is still the one it created; an inherited
/// (systemd) socket's file belongs to systemd and stays.
/// </summary>
internal sealed class ListeningSocket : IDisposable
{
    private const UnixFileMode DirectoryModeWithGroup =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private const UnixFileMode DirectoryModeWithoutGroup =
        DirectoryModeWithGroup | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const uint Unchanged = uint.MaxValue;

    private readonly FileStatus? _createdFile;

    private ListeningSocket(Socket socket, string? path, FileStatus? createdFile)
    {
        Socket = socket;
        Path = path;
        _createdFile = createdFile;
    }

    public Socket Socket { get; }

    /// <summary>The socket file's path; null for an inherited socket.</summary>
    public string? Path { get; }

    public bool IsInherited => _createdFile is null;

    public static async Task<ListeningSocket> OpenAsync(ControlServerOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (options.AcceptSocketActivation
            && SystemdActivation.FindListenFd(Environment.GetEnvironmentVariable, Environment.ProcessId) is { } fd)
        {
            var inherited = Adopt(fd);
            SystemdActivation.ClearEnvironment();
            ControlServerLog.UsingInheritedSocket(logger, fd);
            return inherited;
        }

        return await BindAsync(options, logger, cancellationToken).ConfigureAwait(false);
    }

    public static ListeningSocket Adopt(int fd) => new(SystemdActivation.Adopt(fd), null, null);

    public static async Task<ListeningSocket> BindAsync(ControlServerOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var path = options.SocketPath;
        var groupGid = GroupDatabase.FindGid(options.Group);
        EnsureDirectory(path, groupGid);
        await RemoveStaleSocketAsync(path, options.StaleProbeTimeout, logger, cancellationToken).ConfigureAwait(false);

        Socket socket;
        try
        {
            socket = UnixSocketBinder.Bind(path);
        }
        catch (ArgumentException e)
        {
            throw new ControlServerException($"{path} is not a usable socket path (at most {UnixSocketBinder.MaxPathBytes} bytes)", e);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            throw new ControlServerException($"cannot listen on {path}: {e.Message}", e);
        }

        try
        {
            File.SetUnixFileMode(path, options.SocketMode);
            if (groupGid is { } gid && LibC.ChangeOwner(path, Unchanged, gid) != 0)
            {
                ControlServerLog.CannotSetGroup(logger, path, options.Group, Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
            }

            socket.Listen(options.Backlog);
            var created = FileStatus.Of(path) ?? throw new ControlServerException($"{path} vanished right after bind");
            ControlServerLog.Listening(logger, path, Convert.ToString(created.Permissions, 8), groupGid is null ? "(daemon's own)" : options.Group);
            return new ListeningSocket(socket, path, created);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            socket.Dispose();
            File.Delete(path);
            throw new ControlServerException($"cannot listen on {path}: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        Socket.Dispose();
        if (Path is null || _createdFile is null)
        {
            return;
        }

        try
        {
            if (FileStatus.Of(Path) is { } current && current.IsSameFileAs(_createdFile))
            {
                File.Delete(Path);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover socket file is detected as stale and replaced next start.
        }
    }

    /// <summary>Creates the socket's directory if missing: 0750 owned by the group when it exists, else 0755.</summary>
    private static void EnsureDirectory(string socketPath, uint? groupGid)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(socketPath));
        if (string.IsNullOrEmpty(directory) || Directory.Exists(directory))
        {
            return;
        }

        var mode = groupGid is null ? DirectoryModeWithoutGroup : DirectoryModeWithGroup;
        Directory.CreateDirectory(directory, mode);
        File.SetUnixFileMode(directory, mode);
        if (groupGid is { } gid && LibC.ChangeOwner(directory, Unchanged, gid) != 0)
        {
            throw new ControlServerException(
                $"cannot give {directory} to gid {gid}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <summary>Removes a socket file nobody answers on; refuses to touch a live socket or a file that is not a socket.</summary>
    private static async Task RemoveStaleSocketAsync(string path, TimeSpan probeTimeout, ILogger logger, CancellationToken cancellationToken)
    {
        var status = FileStatus.Of(path);
        if (status is null)
        {
            return;
        }

        if (!status.IsSocket)
        {
            throw new ControlServerException($"{path} exists and is not a socket; refusing to replace it");
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(probeTimeout);
        try
        {
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(path), timeout.Token).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            File.Delete(path);
            ControlServerLog.RemovedStaleSocket(logger, path);
            return;
        }
        catch (SocketException e) when (SocketErrors.MeansNothingListens(e))
        {
            // Vanished between the stat and the probe: nothing to remove.
            return;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Connected to nothing in time, but something holds the socket: treat it as alive.
        }

        throw new ControlServerException($"another process is already listening on {path} (is a tunmux daemon running?)");
    }
}
