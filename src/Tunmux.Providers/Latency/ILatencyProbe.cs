namespace Tunmux.Providers.Latency;

/// <summary>Measures round trips to servers, for sorting by latency. Servers that do not answer are left out.</summary>
public interface ILatencyProbe
{
    /// <param name="targets">Server name and the address to probe.</param>
    /// <returns>Milliseconds by server name, for those that answered.</returns>
    Task<IReadOnlyDictionary<string, long>> MeasureAsync(IReadOnlyList<(string Name, string Address)> targets, CancellationToken cancellationToken);
}

/// <summary>Measures nothing: every latency is unknown, and sorting falls back to load and score.</summary>
public sealed class NoLatencyProbe : ILatencyProbe
{
    public static NoLatencyProbe Instance { get; } = new();

    public Task<IReadOnlyDictionary<string, long>> MeasureAsync(IReadOnlyList<(string Name, string Address)> targets, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(new Dictionary<string, long>());
}
