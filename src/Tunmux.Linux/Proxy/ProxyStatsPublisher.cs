using Tunmux.Files;
namespace Tunmux.Linux.Proxy;

/// <summary>
/// Runs inside a proxy worker: at most once per interval, and only when the counts changed, it
/// replaces the worker's stats file (written beside it, then renamed over it, so a reader sees
/// whole files only). The connection path pays nothing for this; the counts are read here.
/// </summary>
/// <remarks>
/// A file rather than a socket the daemon queries: a scrape then never waits on a busy or dying
/// worker, the worker opens no extra listener, and the counts outlive a daemon restart for the
/// next daemon to read. The price is counts up to one interval old, fine for Prometheus.
/// </remarks>
public sealed class ProxyStatsPublisher(string path, Func<(int Active, long Total)> read, int pid)
{
    public static TimeSpan DefaultInterval { get; } = TimeSpan.FromSeconds(1);

    private ProxyStats? _written;

    /// <summary>Writes the current counts unless they equal the last ones written; true when it wrote.</summary>
    public bool PublishIfChanged()
    {
        var (active, total) = read();
        var current = new ProxyStats(pid, active, total);
        if (current == _written)
        {
            return false;
        }

        // No secret inside, so others may read it (a monitoring agent, say); no fsync either, as
        // the file lives in the run dir and is rewritten within a second.
        StateFile.WriteText(path, current.Format(), StateFile.WorldReadable, StateFileDurability.Volatile);
        _written = current;
        return true;
    }

    /// <summary>Publishes now, then every <paramref name="interval"/> until cancelled, then once more so the last counts are not lost.</summary>
    public async Task RunAsync(TimeSpan interval, TimeProvider time, CancellationToken stopping)
    {
        TryPublish();
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                TryPublish();
            }
        }
        catch (OperationCanceledException)
        {
        }

        TryPublish();
    }

    private void TryPublish()
    {
        try
        {
            PublishIfChanged();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Counts are a convenience: a full or read-only run dir must never stop the proxy.
            // The next tick tries again, since nothing was marked written.
        }
    }
}
