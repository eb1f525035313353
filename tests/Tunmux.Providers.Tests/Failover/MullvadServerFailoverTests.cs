using Tunmux.Runtime.Resolution;
using Tunmux.Api.Model;
using Tunmux.Core.Providers;
using Tunmux.Providers.Mullvad;
using Tunmux.Providers.Tests.Mullvad;

namespace Tunmux.Providers.Tests.Failover;

/// <summary>The failover contract for `provider: mullvad`: SE has two active relays, all of them three.</summary>
public sealed class MullvadServerFailoverTests : ServerFailoverContract
{
    private readonly MullvadFixture _mullvad = new();

    protected override string Provider => MullvadTunnelSource.ProviderName;

    protected override ServerSelectorSpec Two => new() { Country = "SE" };

    public override async Task InitializeAsync() => await _mullvad.LoginAsync();

    public override async Task DisposeAsync() => await _mullvad.DisposeAsync();

    protected override IProviderTunnelSource NewSource() => new MullvadTunnelSource(_mullvad.Options);

    protected override void Advance(TimeSpan by) => _mullvad.Time.Advance(by);

    protected override IReadOnlyList<ServerMark>? StoredMarks(string tunnel) => _mullvad.Store.LoadSelection(tunnel)!.Unhealthy;
}
