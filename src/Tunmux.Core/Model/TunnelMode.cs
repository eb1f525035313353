namespace Tunmux.Core.Model;

/// <summary>How a tunnel's traffic is reached.</summary>
public enum TunnelMode
{
    /// <summary>The tunnel lives in its own network namespace and is reached through proxies.</summary>
    Proxy,

    /// <summary>All host traffic goes through the tunnel behind a kill switch.</summary>
    Direct,
}
