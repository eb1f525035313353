namespace Tunmux.Providers.Tests.TestServers.AirVpn;

internal sealed partial class AirVpnTestServer
{
    private TestHttpResponse Web(TestHttpRequest request) => TestHttpResponse.Text(404, "not found");
}
