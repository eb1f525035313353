using Tunmux.Proxy.Relay;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Relay;

/// <summary>The splice relay takes a pipe per burst of data, not per connection (issue #3, held connections).</summary>
public sealed class SplicePipeReuseTests
{
    private const int Tunnels = 100;

    [Fact]
    public async Task Quiet_tunnels_hold_no_pipes_and_new_tunnels_reuse_the_pooled_ones()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { Relay = RelayMode.Splice });
        var splice = (SpliceRelay)proxy.Server.Relay;
        var clients = new List<RawClient>();
        try
        {
            for (var i = 0; i < Tunnels; i++)
            {
                var client = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);
                clients.Add(client);
                await client.SendAsync($"ping {i:D3}");
                (await client.ReadExactlyAsync(8)).Should().Equal(System.Text.Encoding.ASCII.GetBytes($"ping {i:D3}"));
            }

            await Wait.UntilAsync(() => splice.PipesInUse == 0, "every tunnel has gone quiet and given its pipes back");
            proxy.Server.ActiveConnections.Should().Be(Tunnels, "the tunnels are still open, only idle");
            splice.SplicedBytes.Should().Be(2L * 8 * Tunnels, "every byte still went through splice(2)");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
