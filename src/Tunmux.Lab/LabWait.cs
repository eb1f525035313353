using Tunmux.Core.State;
using Tunmux.Linux.Processes;

namespace Tunmux.Lab;

/// <summary>Polls a readiness condition with a deadline, failing fast if the process it waits for died.</summary>
internal static class LabWait
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static async Task UntilAsync(
        Func<Task<bool>> ready, ProcessRef process, string what, string outputLog, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await ready().ConfigureAwait(false))
            {
                return;
            }

            if (!ProcStat.IsAlive(process))
            {
                throw new LabException($"gave up waiting for {what}: the process exited. {Tail(outputLog)}");
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new LabException($"gave up waiting for {what} after {timeout.TotalSeconds:0} s. {Tail(outputLog)}");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false); // polling a condition with a deadline
        }
    }

    /// <summary>The last lines of a helper's output, so the error says why without a trip to the log.</summary>
    private static string Tail(string outputLog)
    {
        try
        {
            var lines = File.ReadAllLines(outputLog);
            return lines.Length == 0
                ? $"({outputLog} is empty)"
                : $"Last output ({outputLog}): " + string.Join(" | ", lines.TakeLast(5));
        }
        catch (IOException)
        {
            return $"(no output in {outputLog})";
        }
    }
}
