namespace Tunmux.Providers.Proton.Servers;

/// <summary>Measures how far a server is; null when it did not answer in time.</summary>
public interface IServerLatencyProbe
{
    Task<TimeSpan?> MeasureAsync(PhysicalServer server, CancellationToken cancellationToken);
}
