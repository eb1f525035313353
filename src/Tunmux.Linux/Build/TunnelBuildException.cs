namespace Tunmux.Linux.Build;

/// <summary>
/// Building a tunnel failed at <see cref="Step"/>; what was built before it has been removed.
/// The message never contains a key: tool output is scrubbed of the tunnel's secrets.
/// </summary>
public sealed class TunnelBuildException(string tunnel, string step, string detail, Exception? inner = null)
    : Exception($"tunnel '{tunnel}': {step} failed: {detail}", inner)
{
    public string Tunnel { get; } = tunnel;

    public string Step { get; } = step;
}
