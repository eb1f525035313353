using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Relay;

[Collection(SerialCollection.Name)]
public sealed class IdleMemoryTests
{
    private const int Tunnels = 400;

    [Theory]
    [InlineData(RelayMode.Managed)]
    [InlineData(RelayMode.Splice)]
    public async Task Idle_tunnels_hold_no_relay_buffers(RelayMode mode)
    {
        const int relayBuffer = 64 * 1024;
        await using var echo = new TcpEchoServer();
        await using var proxy = ProxyHarness.Start(new ProxyServerOptions { Relay = mode, RelayBufferBytes = relayBuffer, MaxConnections = Tunnels + 10 });
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var clients = new List<RawClient>();
        try
        {
            for (var i = 0; i < Tunnels; i++)
            {
                var client = await SocksTunnel.OpenAsync(proxy, echo.EndPoint);
                clients.Add(client);
                await client.SendAsync("x");
                await client.ReadExactlyAsync(1);
            }

            var perTunnel = (GC.GetTotalMemory(forceFullCollection: true) - before) / Tunnels;

            // One held buffer would be 64 KiB per tunnel; measured, an idle tunnel costs about 10 KiB here, both
            // ends included (sockets, tasks, timers; about 4 KiB of it is the test client and echo server).
            perTunnel.Should().BeLessThan(relayBuffer / 4, "a quiet tunnel waits with a zero-byte receive and holds no buffer");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
