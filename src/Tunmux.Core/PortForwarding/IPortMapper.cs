namespace Tunmux.Core.PortForwarding;

/// <summary>Asks the gateway for the mapping (new or renewed). Throws when the round fails; the keeper retries.</summary>
public interface IPortMapper
{
    Task<PortMapping> MapAsync(CancellationToken cancellationToken);
}
