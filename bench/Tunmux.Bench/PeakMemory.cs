namespace Tunmux.Bench;

/// <summary>Samples a server's memory in the background while a load runs and keeps the highest value.</summary>
internal sealed class PeakMemory : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakKiB;

    public PeakMemory(ProcessTree? tree, TimeSpan period)
    {
        _sampling = tree is null ? Task.CompletedTask : SampleAsync(tree, period);
    }

    public long PeakKiB => Interlocked.Read(ref _peakKiB);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task SampleAsync(ProcessTree tree, TimeSpan period)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            do
            {
                var kib = tree.Memory().KiB;
                if (kib > PeakKiB)
                {
                    Interlocked.Exchange(ref _peakKiB, kib);
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
