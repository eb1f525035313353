using Tunmux.Providers.AirVpn;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.AirVpn;

// Vector files: airvpn/eddie_AirVPN.json, airvpn/bootstrap_urls.txt.
public sealed class AirVpnProviderTests
{
    [Fact]
    public void The_built_in_RSA_key_is_Eddies_AirVPN_key()
    {
        var eddie = AirVpnProvider.FromEddieJson(VectorFile.Read("airvpn/eddie_AirVPN.json"));

        AirVpnProvider.Default.RsaModulusBase64.Should().Be(eddie.RsaModulusBase64);
        AirVpnProvider.Default.RsaExponentBase64.Should().Be(eddie.RsaExponentBase64).And.Be("AQAB");
    }

    [Fact]
    public void The_built_in_bootstrap_URLs_are_tunmuxs_in_order()
    {
        AirVpnProvider.Default.BootstrapUrls.Should().Equal(AirVpnVectors.BootstrapUrls("tunmux"));
        AirVpnProvider.Default.BootstrapUrls.Should().HaveCount(4);
    }

    [Fact]
    public void Eddies_definition_lists_its_own_bootstrap_URLs()
    {
        var eddie = AirVpnProvider.FromEddieJson(VectorFile.Read("airvpn/eddie_AirVPN.json"));

        eddie.BootstrapUrls.Should().Equal(AirVpnVectors.BootstrapUrls("Eddie 2.26.0"));
        eddie.BootstrapUrls.Should().Contain("http://[2a03:b0c0:0:1010::9b:c001]");
    }

    [Fact]
    public void URLs_from_a_manifest_are_tried_after_the_bootstrap_ones_without_repeats()
    {
        var urls = AirVpnProvider.Default.UrlsWith(["http://54.93.175.114", "http://10.0.0.1"]);

        urls.Should().Equal([.. AirVpnProvider.Default.BootstrapUrls, "http://10.0.0.1"]);
    }

    [Fact]
    public void The_client_identity_is_Eddie_2_24_6()
    {
        var identity = AirVpnClientIdentity.ForArchitecture(System.Runtime.InteropServices.Architecture.X64);

        identity.Should().Be(new AirVpnClientIdentity("EddieDesktop_2.24.6", "296", "x64", "linux_x64", "Eddie/2.24.6"));
        AirVpnClientIdentity.ArchitectureName(System.Runtime.InteropServices.Architecture.X86).Should().Be("x86");
    }

    [Fact]
    public void A_JSON_file_without_a_key_is_rejected()
    {
        var act = () => AirVpnProvider.FromEddieJson("""{"manifest":{}}""");

        act.Should().Throw<FormatException>();
    }
}
