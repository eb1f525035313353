using System.Net;

namespace Tunmux.Core.Model;

/// <summary>
/// A proxy as it should exist. A listener whose port is 0 has not had its automatic port
/// assigned yet (see <see cref="Planning.PortAllocator"/>).
/// </summary>
public sealed record DesiredProxy(
    string Name,
    string TunnelRef,
    IPEndPoint? Socks,
    IPEndPoint? Http,
    bool AccessLog)
{
    /// <summary>Where the worker reads "username:password" from; null means no authentication.</summary>
    public string? CredentialsFile { get; init; }

    /// <summary>A digest of the credentials, so that a new password restarts the worker without being stored.</summary>
    public string? CredentialsDigest { get; init; }

    public ProxyLimits Limits { get; init; } = ProxyLimits.Defaults;

    public string SpecHash => SpecHashing.Of(
        "proxy/v1", TunnelRef, Socks?.ToString() ?? "-", Http?.ToString() ?? "-", AccessLog ? "log" : "nolog",
        CredentialsFile ?? "-", CredentialsDigest ?? "-", Limits.ToString());
}

/// <summary>Timeouts and the connection limit; null keeps the engine's own safe default.</summary>
public sealed record ProxyLimits(TimeSpan? ConnectTimeout, TimeSpan? HandshakeTimeout, TimeSpan? IdleTimeout, int? MaxConnections)
{
    public static ProxyLimits Defaults { get; } = new(null, null, null, null);
}
