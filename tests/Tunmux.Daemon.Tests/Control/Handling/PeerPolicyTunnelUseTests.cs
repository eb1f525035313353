using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Daemon.Control.Handling;
using static Tunmux.Daemon.Tests.Control.Handling.OwnedManifests;

namespace Tunmux.Daemon.Tests.Control.Handling;

/// <summary>
/// A member's proxy may go only through its own tunnels or root's: a proxy pins its tunnel (the
/// tunnel's owner could no longer delete it), so going through another member's is refused whole,
/// at the proxy's spec.tunnelRef. Root may do anything.
/// </summary>
public sealed class PeerPolicyTunnelUseTests
{
    private const uint A = 1000;
    private const uint B = 1001;

    private static readonly ManifestObject[] Stored = [Tunnel("t-a", A), Tunnel("t-b", B), Tunnel("t-r", 0)];

    [Fact]
    public void A_members_proxy_may_use_its_own_tunnels_and_roots()
    {
        foreach (var tunnel in new[] { "t-a", "t-r" })
        {
            PeerPolicy.RefuseOthersTunnels(Stored, [.. Stored, Proxy("p", tunnel, A)], A).Should().BeEmpty();
        }
    }

    [Fact]
    public void A_members_proxy_through_another_members_tunnel_is_refused_at_its_tunnel_ref()
    {
        var refused = PeerPolicy.RefuseOthersTunnels(Stored, [.. Stored, Proxy("p", "t-b", A)], A);

        var error = refused.Should().ContainSingle().Which;
        error.Subject.Should().Be("Proxy/p");
        error.FieldPath.Should().Be("spec.tunnelRef");
        error.Position.File.Should().Be("/home/u1000/p.yaml");
        error.Message.Should().Be("permission denied: Tunnel/t-b was declared by uid 1001; a member's proxy may go only through its own tunnels or root's "
            + "(a proxy pins its tunnel: the tunnel's owner could no longer delete it); uid 1000 may not use it");
    }

    [Fact]
    public void A_tunnel_and_its_proxy_in_the_same_change_are_the_members_own()
    {
        PeerPolicy.RefuseOthersTunnels(Stored, [.. Stored, Tunnel("t-new", A), Proxy("p", "t-new", A)], A).Should().BeEmpty();
    }

    [Fact]
    public void Re_applying_another_members_tunnel_unchanged_does_not_make_it_usable()
    {
        // The copy keeps its owner (B), so the proxy beside it still goes through B's tunnel.
        var stamped = PeerPolicy.Stamp(Stored, [Tunnel("t-b", A), Proxy("p", "t-b", 0)], A);

        PeerPolicy.RefuseOthersTunnels(Stored, [.. Stored.Where(o => o.Name != "t-b"), .. stamped], A)
            .Should().ContainSingle().Which.Message.Should().StartWith("permission denied: Tunnel/t-b was declared by uid 1001;");
    }

    [Fact]
    public void A_tunnel_root_took_over_is_roots_and_usable_by_every_member()
    {
        var takenOver = Stored.Select(o => o.Name == "t-b" ? Tunnel("t-b", 0, "198.18.9.9:51820") : o).ToList();

        PeerPolicy.RefuseOthersTunnels(takenOver, [.. takenOver, Proxy("p", "t-b", A)], A).Should().BeEmpty();
    }

    [Fact]
    public void Root_may_send_any_proxy_through_any_tunnel_and_its_proxies_block_no_member()
    {
        PeerPolicy.RefuseOthersTunnels(Stored, [.. Stored, Proxy("p", "t-b", A)], 0).Should().BeEmpty("root may do anything");

        // Root's proxy through B's tunnel does not stop B (or A) changing their own objects.
        var withRootProxy = Stored.Append(Proxy("p-root", "t-b", 0)).ToList();
        var bChanges = withRootProxy.Select(o => o.Name == "t-b" ? Tunnel("t-b", B, "198.18.9.9:51820") : o).ToList();
        PeerPolicy.RefuseOthersTunnels(withRootProxy, bChanges, B).Should().BeEmpty();
        PeerPolicy.RefuseOthersTunnels(withRootProxy, [.. withRootProxy, Proxy("p-a", "t-a", A)], A).Should().BeEmpty();
    }

    [Fact]
    public void A_pairing_stored_before_the_rule_stays_until_the_proxy_changes()
    {
        // Stored by an older daemon: A's proxy through B's tunnel. B may still change its tunnel and
        // A may leave its proxy as it is; A changing that proxy is a new use, and refused.
        var legacy = Stored.Append(Proxy("p", "t-b", A)).ToList();
        var bChanges = legacy.Select(o => o.Name == "t-b" ? Tunnel("t-b", B, "198.18.9.9:51820") : o).ToList();
        var aChangesProxy = legacy.Select(o => o.Name == "p" ? Proxy("p", "t-b", A, socksPort: 1099) : o).ToList();

        PeerPolicy.RefuseOthersTunnels(legacy, bChanges, B).Should().BeEmpty();
        PeerPolicy.RefuseOthersTunnels(legacy, [.. legacy, Tunnel("t-a2", A)], A).Should().BeEmpty();
        PeerPolicy.RefuseOthersTunnels(legacy, aChangesProxy, A).Should().ContainSingle().Which.Subject.Should().Be("Proxy/p");
    }
}
