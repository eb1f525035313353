namespace Tunmux.Cli.Privileged;

/// <summary>
/// The per-user lock around starting the helper ($XDG_RUNTIME_DIR/tunmux/privileged-start.lock,
/// else /tmp/tunmux-UID/...): an exclusive open of the file, which .NET takes with flock, so a
/// command that dies releases it with its descriptor.
/// </summary>
public sealed class StartLock : IDisposable
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(50);

    private readonly FileStream _file;

    private StartLock(FileStream file) => _file = file;

    public static string DefaultPath(Func<string, string?> environment, uint uid)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var folder = environment("XDG_RUNTIME_DIR") is { Length: > 0 } runtime
            ? Path.Combine(runtime, "tunmux")
            : $"/tmp/tunmux-{uid}";
        return Path.Combine(folder, "privileged-start.lock");
    }

    /// <summary>The lock, or null when another command still holds it at <paramref name="deadline"/>.</summary>
    public static async Task<StartLock?> AcquireAsync(string path, DateTimeOffset deadline, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        while (true)
        {
            try
            {
                return new StartLock(new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                }));
            }
            catch (IOException) when (time.GetUtcNow() < deadline)
            {
                await Task.Delay(RetryEvery, time, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
