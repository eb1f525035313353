using System.Runtime.CompilerServices;
using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Providers.AirVpn;
using Tunmux.Providers.Mullvad;
using Tunmux.Providers.Tests.Mullvad;

namespace Tunmux.Providers.Tests.AirVpn;

/// <summary>examples/airvpn.yaml and examples/mullvad.yaml validate and resolve against the test servers.</summary>
public sealed class AirVpnExampleTests
{
    [Fact]
    public async Task The_AirVPN_example_validates_and_resolves_to_a_Dutch_server_with_the_labelled_device()
    {
        await using var airvpn = new AirVpnFixture();
        await airvpn.LoginAsync();
        var tunnel = Load("airvpn.yaml");

        var resolution = await new AirVpnTunnelSource(airvpn.Options).ResolveAsync(tunnel, CancellationToken.None);

        resolution.Errors.Should().BeEmpty();
        resolution.Server.Should().Be("Vega");
        resolution.Config!.PrivateKey.Reveal().Should().Be(airvpn.Account.Devices.Single(d => d.Name == "laptop").PrivateKey);
    }

    [Fact]
    public async Task The_Mullvad_example_validates_and_resolves_to_an_owned_relay_in_Gothenburg()
    {
        await using var mullvad = new MullvadFixture();
        await mullvad.LoginAsync();
        var tunnel = Load("mullvad.yaml");

        var resolution = await new MullvadTunnelSource(mullvad.Options).ResolveAsync(tunnel, CancellationToken.None);

        tunnel.Spec.KeyRotation.Should().Be(TimeSpan.FromDays(7));
        resolution.Errors.Should().BeEmpty();
        resolution.Server.Should().Be("se-got-wg-001");
    }

    private static TunnelManifest Load(string name, [CallerFilePath] string here = "")
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
        var set = ManifestValidator.Validate(ManifestLoader.LoadPath(Path.Combine(root, "examples", name)));
        set.Errors.Select(e => e.ToString()).Should().BeEmpty();
        return set.Tunnels.Single();
    }
}
