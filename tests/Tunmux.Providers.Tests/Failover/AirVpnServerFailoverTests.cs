using Tunmux.Runtime.Resolution;
using Tunmux.Api.Model;
using Tunmux.Core.Providers;
using Tunmux.Providers.AirVpn;
using Tunmux.Providers.Tests.AirVpn;

namespace Tunmux.Providers.Tests.Failover;

/// <summary>The failover contract for `provider: airvpn`: NL has two servers, all of them four.</summary>
public sealed class AirVpnServerFailoverTests : ServerFailoverContract
{
    private readonly AirVpnFixture _airvpn = new();

    protected override string Provider => AirVpnTunnelSource.ProviderName;

    protected override ServerSelectorSpec Two => new() { Country = "NL" };

    public override async Task InitializeAsync() => await _airvpn.LoginAsync();

    public override async Task DisposeAsync() => await _airvpn.DisposeAsync();

    protected override IProviderTunnelSource NewSource() => new AirVpnTunnelSource(_airvpn.Options);

    protected override void Advance(TimeSpan by) => _airvpn.Time.Advance(by);

    protected override IReadOnlyList<ServerMark>? StoredMarks(string tunnel) => _airvpn.StoreFor().LoadSelection(tunnel)!.Unhealthy;
}
