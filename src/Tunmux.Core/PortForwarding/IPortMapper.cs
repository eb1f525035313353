namespace Tunmux.Core.PortForwarding;

/// <summary>Asks the gateway for the mapping (new or renewed). Throws when the round fails; the keeper retries.</summary>
public interface IPortMapper
{
    Task<PortMapping> MapAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Asks the gateway to delete the mapping now (RFC 6886 section 3.4: the same request with a
    /// lifetime of 0) instead of letting it lapse. Throws when the gateway refuses or does not
    /// answer before <paramref name="cancellationToken"/> ends.
    /// </summary>
    Task ReleaseAsync(CancellationToken cancellationToken);
}
