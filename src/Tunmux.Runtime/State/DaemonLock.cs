namespace Tunmux.Runtime.State;

/// <summary>
/// The lock a daemon holds on its state directory for as long as it runs, so a second daemon on
/// the same directory refuses to start even when the first one's control socket file was removed
/// (the socket is no proof of life). An flock on a file of its own, beside the per-change
/// <see cref="StateLock"/>: the kernel drops it when the process ends, however it ends, and
/// children never inherit it (.NET opens files close-on-exec).
/// </summary>
public sealed class DaemonLock : IDisposable
{
    private readonly FileStream _stream;

    private DaemonLock(FileStream stream) => _stream = stream;

    /// <summary>The lock, or null with a message for the operator when another process holds it.</summary>
    public static DaemonLock? TryAcquire(string lockFile, out string problem)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None, // flock(LOCK_EX | LOCK_NB) on Unix
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        if (new FileInfo(lockFile).LinkTarget is not null)
        {
            problem = $"{lockFile} is a symbolic link; remove it (tunmux only locks a file of its own)";
            return null;
        }

        try
        {
            problem = "";
            return new DaemonLock(new FileStream(lockFile, options));
        }
        catch (IOException)
        {
            problem = $"another tunmux daemon is running on the state directory {Path.GetDirectoryName(lockFile)} (it holds {lockFile}); "
                + "stop it first, or give this one another --state-dir";
            return null;
        }
    }

    /// <summary>Like <see cref="TryAcquire"/>, but waits up to <paramref name="timeout"/> for the holder to let go.</summary>
    public static async Task<(DaemonLock? Lock, string Problem)> WaitAsync(string lockFile, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var held = TryAcquire(lockFile, out var problem);
            if (held is not null || DateTime.UtcNow >= deadline || problem.Contains("symbolic link", StringComparison.Ordinal))
            {
                return (held, problem);
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stream.Dispose();
}
