using Tunmux.Api.Model;
using Tunmux.Core.Providers;
using Tunmux.Providers.AirVpn;
using Tunmux.Providers.Tests.AirVpn;

namespace Tunmux.Providers.Tests.Failover;

/// <summary>The failover contract for `provider: airvpn`: NL has two servers, all of them four.</summary>
public sealed class AirVpnServerFailoverTests : ServerFailoverContract
{
    private readonly AirVpnFixture _airvpn = new();

    protected override ServerSelectorSpec? Several => null;

    protected override ServerSelectorSpec Two => new() { Country = "NL" };

    public override async Task InitializeAsync() => await _airvpn.LoginAsync();

    public override async Task DisposeAsync() => await _airvpn.DisposeAsync();

    protected override Task<ProviderResolution> ResolveAsync(TunnelManifest tunnel) =>
        new AirVpnTunnelSource(_airvpn.Options).ResolveAsync(tunnel, CancellationToken.None);

    protected override Task MarkUnhealthyAsync(TunnelManifest tunnel, string server) =>
        new AirVpnTunnelSource(_airvpn.Options).MarkUnhealthyAsync(tunnel, server, CancellationToken.None);

    protected override void Advance(TimeSpan by) => _airvpn.Time.Advance(by);

    protected override IReadOnlyList<ServerMark> StoredMarks(string tunnel) => _airvpn.StoreFor().LoadSelection(tunnel)!.Unhealthy ?? [];

    protected override TunnelManifest Tunnel(string name, ServerSelectorSpec? selector) => AirVpnTunnels.Tunnel(name, selector);
}
