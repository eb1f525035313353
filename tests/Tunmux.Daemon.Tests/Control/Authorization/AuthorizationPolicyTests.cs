using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Authorization;

namespace Tunmux.Daemon.Tests.Control.Authorization;

public sealed class AuthorizationPolicyTests
{
    private const uint TunmuxGid = 990;
    private static readonly AuthorizedGroup Tunmux = new("tunmux", TunmuxGid);
    private static readonly AuthorizedGroup Missing = new("tunmux", null);

    public static TheoryData<uint, uint, uint[], bool, string> Table => new()
    {
        // uid, primary gid, supplementary groups, allowed, reason
        { 0, 0, [], true, "root" },
        { 0, 100, [5, 6], true, "root" },
        { 0, TunmuxGid, [], true, "root" },
        { 1001, TunmuxGid, [], true, "primary group tunmux" },
        { 1001, TunmuxGid, [TunmuxGid], true, "primary group tunmux" },
        { 1001, 100, [TunmuxGid], true, "supplementary group tunmux" },
        { 1001, 100, [27, 44, TunmuxGid, 1001], true, "supplementary group tunmux" },
        { 1001, 100, [], false, "permission denied: uid 1001 is not root and not in group tunmux" },
        { 1001, 100, [27, 44, 1001], false, "permission denied: uid 1001 is not root and not in group tunmux" },
        { 1001, 0, [0], false, "permission denied: uid 1001 is not root and not in group tunmux" },
        { 1001, TunmuxGid + 1, [TunmuxGid - 1], false, "permission denied: uid 1001 is not root and not in group tunmux" },
        { 65534, 65534, [], false, "permission denied: uid 65534 is not root and not in group tunmux" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Root_or_a_primary_or_supplementary_member_is_allowed_and_everyone_else_refused(
        uint uid, uint gid, uint[] groups, bool allowed, string reason)
    {
        var decision = AuthorizationPolicy.Decide(Peer(uid, gid, groups), Tunmux);

        decision.Should().Be(new AuthorizationDecision(allowed, reason));
    }

    [Fact]
    public void When_the_group_does_not_exist_only_root_is_allowed()
    {
        AuthorizationPolicy.Decide(Peer(0, 0), Missing).Allowed.Should().BeTrue();

        var refused = AuthorizationPolicy.Decide(Peer(1001, TunmuxGid, TunmuxGid), Missing);

        refused.Allowed.Should().BeFalse();
        refused.Reason.Should().Be("permission denied: uid 1001 is not root and group tunmux does not exist on this host");
    }

    [Fact]
    public void The_message_names_the_configured_group()
    {
        var decision = AuthorizationPolicy.Decide(Peer(1234, 100), new AuthorizedGroup("vpn-admins", 2000));

        decision.Reason.Should().Be("permission denied: uid 1234 is not root and not in group vpn-admins");
    }

    [Fact]
    public void A_member_only_through_a_supplementary_group_is_allowed_unlike_the_original_tunmux()
    {
        // The original compared only the primary gid, refusing users added with `usermod -aG tunmux`.
        var decision = AuthorizationPolicy.Decide(Peer(1001, 1001, 24, 25, TunmuxGid), Tunmux);

        decision.Allowed.Should().BeTrue();
    }

    private static PeerIdentity Peer(uint uid, uint gid, params uint[] groups) =>
        new(new PeerCredentials(4242, uid, gid), groups, "test");
}
