using Tunmux.Core.Model;
using Tunmux.Core.State;
using Tunmux.Runtime.Observation;

namespace Tunmux.Runtime.Tests.Observation;

public sealed class DriftWatchTargetsTests
{
    private static TunnelRecord Tunnel(string name, string ns, ProcessRef? wireguard) =>
        new(name, ns, "wg-" + name, BackendKind.Userspace, "hash", wireguard, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Every_recorded_process_and_namespace_is_watched_under_the_key_that_reconciles_it()
    {
        var targets = DriftWatchTargets.From(
            "tunmux_",
            [Tunnel("alpha", "tunmux_alpha", new ProcessRef(100, 7)), Tunnel("beta", "tunmux_beta", null)],
            [new ProxyRecord("web", "alpha", "127.0.0.1:1080", null, "hash", new ProcessRef(200, 8), DateTimeOffset.UnixEpoch)],
            [new PortForwardRecord("beta", "hash", new ProcessRef(300, 9), "/run/x", DateTimeOffset.UnixEpoch)]);

        targets.Namespaces.Should().BeEquivalentTo(new Dictionary<string, string> { ["tunmux_alpha"] = "alpha", ["tunmux_beta"] = "beta" });
        targets.Processes.Should().BeEquivalentTo(new Dictionary<ProcessRef, string>
        {
            [new ProcessRef(100, 7)] = "alpha",
            [new ProcessRef(200, 8)] = "alpha",
            [new ProcessRef(300, 9)] = "beta",
        });
    }

    [Theory]
    [InlineData("other_alpha")]
    [InlineData("tunmux_")]
    [InlineData("tunmux_../../proc/1/ns/net")]
    [InlineData("tunmux_a/b")]
    public void A_namespace_name_outside_the_owned_prefix_or_with_a_slash_is_not_watched(string ns)
    {
        var targets = DriftWatchTargets.From("tunmux_", [Tunnel("alpha", ns, null)], [], []);

        targets.Namespaces.Should().BeEmpty();
    }
}
