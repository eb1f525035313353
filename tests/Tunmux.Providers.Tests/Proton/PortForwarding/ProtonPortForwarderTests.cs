using Tunmux.Providers.Proton.PortForwarding;
using Tunmux.Providers.Tests.TestServers.Proton;

namespace Tunmux.Providers.Tests.Proton.PortForwarding;

/// <summary>Issue #5: the forwarded port is mapped over real UDP, renewed, and changes are reported.</summary>
public sealed class ProtonPortForwarderTests
{
    [Fact]
    public async Task The_port_is_mapped_for_udp_and_tcp_and_reported_once_until_it_changes()
    {
        await using var gateway = new NatPmpTestGateway();
        var clock = ManualClock.StartingNow();
        // A long first wait, so that a slow machine does not send a request twice.
        var forwarder = new ProtonPortForwarder(new NatPmpClient(gateway.EndPoint, firstTimeout: TimeSpan.FromSeconds(5)), clock);
        var changes = new List<(int? Old, int New)>();
        forwarder.PortChanged = (old, now, _) =>
        {
            changes.Add((old, now));
            return Task.CompletedTask;
        };

        var first = await forwarder.RenewAsync(CancellationToken.None);
        await forwarder.RenewAsync(CancellationToken.None);
        gateway.PublicPort = 50000;
        await forwarder.RenewAsync(CancellationToken.None);

        first.Port.Should().Be(41234);
        first.ExpiresAt.Should().Be(clock.GetUtcNow() + TimeSpan.FromSeconds(ProtonPortForwarder.LifetimeSeconds));
        forwarder.Current!.Port.Should().Be(50000);
        changes.Should().Equal((null, 41234), (41234, 50000));
        gateway.Requests.Should().Be(6);
    }

    [Fact]
    public async Task Lost_requests_are_sent_again()
    {
        await using var gateway = new NatPmpTestGateway { DropFirst = 2 };
        var client = new NatPmpClient(gateway.EndPoint, firstTimeout: TimeSpan.FromMilliseconds(50));

        var reply = await client.MapAsync(NatPmpProtocol.Udp, 1, 0, 60, CancellationToken.None);

        reply.ExternalPort.Should().Be(41234);
        reply.LifetimeSeconds.Should().Be(60);
        gateway.Requests.Should().Be(3);
    }

    [Fact]
    public async Task A_refusal_is_reported_with_its_result_code()
    {
        await using var gateway = new NatPmpTestGateway { Result = NatPmpResultCode.NotAuthorized };
        var forwarder = new ProtonPortForwarder(new NatPmpClient(gateway.EndPoint));

        var failure = await FluentActions.Awaiting(() => forwarder.RenewAsync(CancellationToken.None)).Should().ThrowAsync<InvalidOperationException>();

        failure.Which.Message.Should().Be("the NAT-PMP gateway refused the Udp mapping: NotAuthorized");
        forwarder.Current.Should().BeNull();
    }

    [Fact]
    public async Task A_silent_gateway_times_out_with_a_hint()
    {
        await using var gateway = new NatPmpTestGateway { DropFirst = int.MaxValue };
        var client = new NatPmpClient(gateway.EndPoint, firstTimeout: TimeSpan.FromMilliseconds(20), attempts: 3);

        var failure = await FluentActions.Awaiting(() => client.MapAsync(NatPmpProtocol.Tcp, 1, 0, 60, CancellationToken.None)).Should().ThrowAsync<TimeoutException>();

        failure.Which.Message.Should().Contain("did not answer after 3 tries").And.Contain("P2P");
        gateway.Requests.Should().Be(3);
    }
}
