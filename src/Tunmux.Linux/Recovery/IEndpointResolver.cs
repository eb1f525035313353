namespace Tunmux.Linux.Recovery;

/// <summary>Turns a peer endpoint (HOST:PORT, [IPV6]:PORT) into one with an IP address.</summary>
public interface IEndpointResolver
{
    /// <summary>The endpoint with its host name resolved now; an IP endpoint comes back unchanged.</summary>
    Task<string> ResolveAsync(string endpoint, CancellationToken cancellationToken);
}
