namespace Tunmux.Runtime.State;

/// <summary>
/// An exclusive lock on the state directory, so two `tunmux apply` runs are serialised
/// instead of interleaving. .NET takes an flock when a file is opened without sharing; the
/// kernel releases it when the process dies, so a crash never leaves it held.
/// </summary>
public sealed class StateLock : IDisposable
{
    private readonly FileStream _stream;

    private StateLock(FileStream stream) => _stream = stream;

    public static async Task<StateLock> AcquireAsync(string lockFile, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new StateLock(new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another tunmux holds the lock; wait for it to finish.
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new TimeoutException($"another tunmux holds {lockFile} (waited {timeout.TotalSeconds:0} s)", ex);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
