using Tunmux.Runtime.Resolution;
using Tunmux.Api.Model;
using Tunmux.Core.Providers;
using Tunmux.Providers.Tests.Proton;

namespace Tunmux.Providers.Tests.Failover;

/// <summary>The failover contract for `provider: proton`: US has two servers, all of them five.</summary>
public sealed class ProtonServerFailoverTests : ServerFailoverContract
{
    private ProtonTestbed _bed = null!;

    protected override string Provider => ProviderNames.Proton;

    protected override ServerSelectorSpec Two => new() { Country = "US" };

    public override async Task InitializeAsync()
    {
        _bed = ProtonTestbed.Start();
        await _bed.LoginAsync();
    }

    public override async Task DisposeAsync() => await _bed.DisposeAsync();

    protected override IProviderTunnelSource NewSource() => _bed.Source();

    protected override void Advance(TimeSpan by) => _bed.Clock.Advance(by);

    protected override IReadOnlyList<ServerMark>? StoredMarks(string tunnel) => _bed.Store.LoadChoice(tunnel)!.Unhealthy;

    [Fact]
    public async Task A_choice_stored_before_marks_existed_is_still_kept()
    {
        Directory.CreateDirectory(_bed.Store.Directory);
        await File.WriteAllTextAsync(
            Path.Combine(_bed.Store.Directory, "choices.json"),
            """{"fo": {"Server": "US#2", "ChosenAt": "2020-01-01T00:00:00+00:00"}}""");

        var resolution = await ResolveAsync(Tunnel("fo", Two));

        resolution.Server.Should().Be("US#2", "US#1 scores better, but a kept server moves only when it must");
        _bed.Store.LoadChoice("fo")!.Unhealthy.Should().BeNullOrEmpty();
    }
}
