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
    public string SpecHash => SpecHashing.Of(
        "proxy/v1", TunnelRef, Socks?.ToString() ?? "-", Http?.ToString() ?? "-", AccessLog ? "log" : "nolog");
}
