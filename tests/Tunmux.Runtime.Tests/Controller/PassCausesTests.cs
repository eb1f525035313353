using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.State;
using Tunmux.Runtime.Controller;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>What the daemon logs with each pass and each rebuild: why the pass was asked for, and what it saw.</summary>
public sealed class PassCausesTests
{
    [Fact]
    public void Causes_merged_into_one_pass_are_kept_once_each_in_their_order()
    {
        var causes = PassCauses.Of("namespace ns_a: link wg-a down").With("process 41 exited").With("namespace ns_a: link wg-a down");

        causes.ToString().Should().Be("namespace ns_a: link wg-a down; process 41 exited");
    }

    [Fact]
    public void Past_four_causes_the_rest_are_counted()
    {
        var causes = PassCauses.Of("a").With("b").With("c").With("d").With("e").With("f");

        causes.ToString().Should().Be("a; b; c; d (+2 more)");
    }

    [Fact]
    public void A_tunnel_is_described_by_its_record_and_what_the_host_showed()
    {
        var record = new TunnelRecord(
            "a", "tunmux_a", "wg-a", BackendKind.Userspace, "hash", new ProcessRef(4242, 7), new DateTimeOffset(2026, 12, 6, 10, 15, 1, 143, TimeSpan.Zero));
        var facts = new TunnelFacts(true, false, false, false, false, null, null, null, 0, 0);

        ObservedTunnelText.Of(new ObservedTunnel(record, facts)).Should().Be(
            "record of 10:15:01.143: namespace yes, interface no, up no, default route no, wireguard-go 4242 gone");
        ObservedTunnelText.Of(null).Should().Be("no record");
    }
}
