using Tunmux.Proxy.Relay;
using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Relay;

/// <summary>The splice relay takes a pipe per burst of data, not per connection (issue #3, held connections).</summary>
public sealed class SplicePipeReuseTests
{
    private const int Tunnels = 100;

    /// <summary>More than a relay buffer (16 KiB) per burst, so each direction switches from copying to splice.</summary>
    private const int Burst = 64 * 1024;

    [Fact]
    public async Task Quiet_tunnels_hold_no_pipes_and_new_tunnels_reuse_the_pooled_ones()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { Relay = RelayMode.Splice });
        var splice = (SpliceRelay)proxy.Server.Relay;
        var clients = new List<RawClient>();
        var burst = new byte[Burst];
        Random.Shared.NextBytes(burst);
        try
        {
            for (var i = 0; i < Tunnels; i++)
            {
                var client = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);
                clients.Add(client);
                var sending = client.SendAsync(burst);
                (await client.ReadExactlyAsync(Burst)).Should().Equal(burst);
                await sending.Within();
            }

            await Wait.UntilAsync(() => splice.PipesInUse == 0, "every tunnel has gone quiet and given its pipes back");
            proxy.Server.ActiveConnections.Should().Be(Tunnels, "the tunnels are still open, only idle");
            splice.SplicedBytes.Should().BeGreaterThan(Tunnels * (long)Burst, "the bursts went mostly through splice(2)");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_short_exchange_is_copied_and_takes_no_pipe()
    {
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { Relay = RelayMode.Splice });
        var splice = (SpliceRelay)proxy.Server.Relay;
        using var client = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);

        await client.SendAsync("ping");
        (await client.ReadExactlyAsync(4)).Should().Equal("ping"u8.ToArray());

        splice.SplicedBytes.Should().Be(0, "a few bytes are cheaper to copy than to splice through a pipe");
        splice.PipesInUse.Should().Be(0);
    }
}
