using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Daemon.Control.Handling;
using static Tunmux.Daemon.Tests.Control.Handling.OwnedManifests;

namespace Tunmux.Daemon.Tests.Control.Handling;

/// <summary>
/// Issue #9 follow-up, the pure rule: a group member may replace or remove only the objects it
/// declared; root may change anything; an object re-applied unchanged is no change.
/// </summary>
public sealed class PeerPolicyOwnerTests
{
    private const uint A = 1000;
    private const uint B = 1001;

    private static readonly ManifestObject[] Stored = [Tunnel("lab-a", A), Tunnel("lab-b", B), Tunnel("lab-r", 0)];

    [Fact]
    public void A_member_may_replace_and_remove_its_own_objects()
    {
        var after = Stored.Where(o => o.Name != "lab-a").Append(Tunnel("lab-a2", A)).ToList();
        var changed = Stored.Select(o => o.Name == "lab-a" ? Tunnel("lab-a", A, "198.18.9.9:51820") : o).ToList();

        PeerPolicy.RefuseTouchingOthers(Stored, after, A).Should().BeEmpty();
        PeerPolicy.RefuseTouchingOthers(Stored, changed, A).Should().BeEmpty();
    }

    [Fact]
    public void A_member_may_not_replace_another_members_or_roots_object()
    {
        foreach (var (name, owner) in new[] { ("lab-b", B), ("lab-r", 0u) })
        {
            var changed = Stored.Select(o => o.Name == name ? Tunnel(name, A, "198.18.9.9:51820") : o).ToList();

            var refused = PeerPolicy.RefuseTouchingOthers(Stored, changed, A);

            var error = refused.Should().ContainSingle().Which;
            error.Subject.Should().Be($"Tunnel/{name}");
            error.Message.Should().Be($"permission denied: Tunnel/{name} was declared by uid {owner}, so only that uid or root may replace or remove it; uid 1000 may not replace it");
        }
    }

    [Fact]
    public void A_member_may_not_remove_another_members_or_roots_object()
    {
        var refused = PeerPolicy.RefuseTouchingOthers(Stored, [Stored[0]], A);

        refused.Select(e => e.Subject).Should().Equal("Tunnel/lab-b", "Tunnel/lab-r");
        refused.Should().OnlyContain(e => e.Message.StartsWith("permission denied: ", StringComparison.Ordinal) && e.Message.EndsWith("uid 1000 may not remove it", StringComparison.Ordinal));
    }

    [Fact]
    public void Re_applying_another_owners_object_unchanged_is_no_change()
    {
        // Read from another file, with another owner stamped on the copy: still the same declaration.
        var copy = Tunnel("lab-b", A);

        PeerPolicy.RefuseTouchingOthers(Stored, [.. Stored.Where(o => o.Name != "lab-b"), copy], A).Should().BeEmpty();
        PeerPolicy.Stamp(Stored, [copy], A).Should().ContainSingle().Which.OwnerUid.Should().Be(B, "an unchanged object keeps its owner");
    }

    [Fact]
    public void Root_may_change_anything_and_what_it_changes_becomes_roots()
    {
        PeerPolicy.RefuseTouchingOthers(Stored, [], 0).Should().BeEmpty();

        var stamped = PeerPolicy.Stamp(Stored, [Tunnel("lab-b", 0, "198.18.9.9:51820"), Tunnel("lab-new", A)], 0);

        stamped.Select(o => o.OwnerUid).Should().Equal(0u, 0u);
    }

    [Fact]
    public void A_member_becomes_the_owner_of_what_it_creates_or_changes()
    {
        var stamped = PeerPolicy.Stamp(Stored, [Tunnel("lab-new", 0), Tunnel("lab-a", 0, "198.18.9.9:51820")], A);

        stamped.Select(o => o.OwnerUid).Should().Equal(A, A);
    }

    [Fact]
    public void A_direct_tunnel_stays_roots_whatever_owner_is_recorded()
    {
        // Only root may declare one; should a member's uid ever be recorded on one, the kill switch is still root's to lift.
        var direct = Tunnel("lab-d", A, extra: "  mode: direct\n");

        var refused = PeerPolicy.RefuseTouchingOthers([direct], [], A);

        var error = refused.Should().ContainSingle().Which;
        error.FieldPath.Should().Be("spec.mode");
        error.Message.Should().Be("permission denied: Tunnel/lab-d is a direct tunnel (it holds the host's kill switch), so only root may replace or remove it; uid 1000 is not root");
        PeerPolicy.RefuseTouchingOthers([direct], [direct], A).Should().BeEmpty("leaving it as it is changes nothing");
    }

    [Theory]
    [InlineData("0", 0u)]
    [InlineData("1000", 1000u)]
    [InlineData("4294967294", 4294967294u)]
    [InlineData("4294967295", null)]
    [InlineData("-1", null)]
    [InlineData("+1000", null)]
    [InlineData(" 1000", null)]
    [InlineData("001000", null)]
    [InlineData("１０００", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_recorded_owner_is_a_uid_only_when_it_is_plain_decimal_in_the_kernels_range(string? text, uint? uid)
    {
        DeclaredOwner.ParseUid(text).Should().Be(uid);
    }
}
