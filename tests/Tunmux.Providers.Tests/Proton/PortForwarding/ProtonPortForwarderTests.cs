using Tunmux.Core.PortForwarding;
using Tunmux.Providers.Proton.PortForwarding;
using Tunmux.Testing.TestServers.Proton;

namespace Tunmux.Providers.Tests.Proton.PortForwarding;

/// <summary>Issue #5: a mapping round over real UDP: UDP and TCP, the granted port and lifetime, refusals and silence.</summary>
public sealed class ProtonPortForwarderTests
{
    [Fact]
    public async Task A_round_maps_udp_and_tcp_and_returns_the_port_and_the_shorter_lifetime()
    {
        await using var gateway = new NatPmpTestGateway();
        // A long first wait, so that a slow machine does not send a request twice.
        var forwarder = new ProtonPortForwarder(new NatPmpClient(gateway.EndPoint, firstTimeout: TimeSpan.FromSeconds(5)));

        var first = await forwarder.MapAsync(CancellationToken.None);
        gateway.PublicPort = 50000;
        gateway.GrantedLifetime = 30;
        var second = await forwarder.MapAsync(CancellationToken.None);

        first.Should().Be(new PortMapping(41234, TimeSpan.FromSeconds(ProtonPortForwarder.LifetimeSeconds)));
        second.Should().Be(new PortMapping(50000, TimeSpan.FromSeconds(30)));
        gateway.Mappings(NatPmpProtocol.Udp).Should().Be(2);
        gateway.Mappings(NatPmpProtocol.Tcp).Should().Be(2);
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

        var failure = await FluentActions.Awaiting(() => forwarder.MapAsync(CancellationToken.None)).Should().ThrowAsync<InvalidOperationException>();

        failure.Which.Message.Should().Be("the NAT-PMP gateway refused the Udp mapping: NotAuthorized");
    }

    [Fact]
    public async Task A_mapping_granted_for_no_time_is_not_a_mapping()
    {
        await using var gateway = new NatPmpTestGateway { GrantedLifetime = 0 };
        var forwarder = new ProtonPortForwarder(new NatPmpClient(gateway.EndPoint, firstTimeout: TimeSpan.FromSeconds(5)));

        var failure = await FluentActions.Awaiting(() => forwarder.MapAsync(CancellationToken.None)).Should().ThrowAsync<InvalidOperationException>();

        failure.Which.Message.Should().Be("the NAT-PMP gateway granted no Udp mapping (port 41234, lifetime 0 s)");
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

    [Fact]
    public async Task Release_asks_to_delete_the_udp_and_tcp_mappings_with_a_lifetime_of_zero()
    {
        await using var gateway = new NatPmpTestGateway();
        var forwarder = new ProtonPortForwarder(new NatPmpClient(gateway.EndPoint, firstTimeout: TimeSpan.FromSeconds(5)));
        await forwarder.MapAsync(CancellationToken.None);

        await forwarder.ReleaseAsync(CancellationToken.None);

        gateway.Releases(NatPmpProtocol.Udp).Should().Be(1);
        gateway.Releases(NatPmpProtocol.Tcp).Should().Be(1);
        gateway.Mappings(NatPmpProtocol.Tcp).Should().Be(1, "a release is no new mapping");
    }

    [Fact]
    public void A_release_request_is_the_mapping_request_with_no_suggested_port_and_no_lifetime()
    {
        // RFC 6886 section 3.4: the same internal port, suggested external port 0, lifetime 0.
        NatPmp.EncodeMappingRequest(NatPmpProtocol.Tcp, 1, 0, 0).Should().Equal(0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0);
    }

    [Fact]
    public async Task A_refused_release_says_which_protocol_and_why()
    {
        await using var gateway = new NatPmpTestGateway { Result = NatPmpResultCode.NotAuthorized };
        var forwarder = new ProtonPortForwarder(new NatPmpClient(gateway.EndPoint, firstTimeout: TimeSpan.FromSeconds(5)));

        var failure = await FluentActions.Awaiting(() => forwarder.ReleaseAsync(CancellationToken.None)).Should().ThrowAsync<InvalidOperationException>();

        failure.Which.Message.Should().Be("the NAT-PMP gateway refused to delete the Udp mapping: NotAuthorized; the NAT-PMP gateway refused to delete the Tcp mapping: NotAuthorized");
    }

    [Fact]
    public async Task A_silent_gateway_holds_a_release_only_until_the_callers_deadline()
    {
        await using var gateway = new NatPmpTestGateway { DropFirst = int.MaxValue };
        var forwarder = new ProtonPortForwarder(new NatPmpClient(gateway.EndPoint, firstTimeout: TimeSpan.FromSeconds(5)));
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        // Without the deadline the client would try for 75 s (5 s doubling, 5 tries); the caller's budget ends it.
        await FluentActions.Awaiting(() => forwarder.ReleaseAsync(deadline.Token)).Should().ThrowAsync<OperationCanceledException>();
    }
}
