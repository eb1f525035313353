using Tunmux.Providers.Proton.Api;

namespace Tunmux.Providers.Proton.Servers;

/// <summary>`GET /vpn/v1/logicals?SecureCoreFilter=all` reply.</summary>
public sealed record LogicalsResponse : ProtonApiResponse
{
    public IReadOnlyList<LogicalServer> LogicalServers { get; init; } = [];
}
