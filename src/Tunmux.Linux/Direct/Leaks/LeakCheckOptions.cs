using System.Net;

namespace Tunmux.Linux.Direct.Leaks;

/// <summary>
/// What the leak self-test probes. <see cref="Uplink"/> null means the main table's default route
/// device. <see cref="Targets"/> empty means public resolvers (Quad9) and the uplink's gateway.
/// <see cref="AllowedEndpoints"/> are the WireGuard endpoints whose UDP is expected on the uplink.
/// </summary>
public sealed record LeakCheckOptions(
    string? Uplink,
    IReadOnlyList<IPAddress> Targets,
    IReadOnlyList<IPEndPoint> AllowedEndpoints,
    TimeSpan CaptureSettle)
{
    public static IReadOnlyList<IPAddress> PublicTargets { get; } = [IPAddress.Parse("9.9.9.9"), IPAddress.Parse("2620:fe::fe")];

    /// <summary>Probes carry a TTL (hop limit) this low, so one that escapes goes no further than a few routers.</summary>
    public const int ProbeTtl = 3;
}
