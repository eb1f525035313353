using Tunmux.Core.Direct;
using Tunmux.Core.Direct.Firewall;
using Tunmux.Core.Model;

namespace Tunmux.Core.Tests.Direct;

/// <summary>
/// Issue #9: direct mode acts only on what it owns: its one nftables table, and what its state file
/// names only when the names agree with the tunnel's under the configured prefixes.
/// </summary>
public sealed class DirectOwnershipTests
{
    private const string StateDir = "/var/lib/tunmux/direct";
    private static readonly HostNaming Naming = new("tunmux_", "wg-");

    private static DirectRecord Owned(string? config = null, int? pid = 4242, int? index = 7) =>
        new("home", "wg-home", config, pid, index);

    [Fact]
    public void The_kill_switch_table_is_the_only_table_direct_mode_may_touch()
    {
        DirectOwnership.TableProblem(NftRuleset.Family, NftRuleset.Table).Should().BeNull();
        NftBatch.OwnedTable().Should().Be("inet tunmux");

        DirectOwnership.TableProblem("inet", "filter").Should().Contain("not tunmux's");
        DirectOwnership.TableProblem("ip", "tunmux").Should().Contain("not tunmux's");
        DirectOwnership.TableProblem("inet", "tunmux\nflush ruleset").Should().Contain("not a plain name").And.NotContain("\n");
        DirectOwnership.TableProblem("inet", "tunmux; delete table inet filter").Should().Contain("not a plain name");
        DirectOwnership.TableProblem("inet", "").Should().Contain("not a plain name");
    }

    [Fact]
    public void A_state_whose_names_agree_with_the_tunnels_may_be_acted_on()
    {
        DirectOwnership.StateProblem(Owned(), Naming, StateDir).Should().BeNull();
        DirectOwnership.StateProblem(Owned(config: "/var/lib/tunmux/direct/wg-home.conf", pid: null), Naming, StateDir).Should().BeNull();
        DirectOwnership.StateProblem(new DirectRecord(null, null, null, null, null), Naming, StateDir).Should().BeNull("an empty state names nothing");
        var longName = new DirectRecord("a-rather-long-tunnel-name", Naming.InterfaceFor("a-rather-long-tunnel-name"), null, null, null);
        DirectOwnership.StateProblem(longName, Naming, StateDir).Should().BeNull("the hashed short interface name is still the tunnel's");
    }

    [Theory]
    [InlineData("eth0", "'eth0', not 'wg-home'")]
    [InlineData("wg-other", "'wg-other', not 'wg-home'")]
    [InlineData("../../etc", "no interface name")]
    [InlineData("wg-home/x", "no interface name")]
    [InlineData("wg-ho\u001bme", "no interface name")]
    [InlineData("wg-far-too-long-name", "no interface name")]
    public void An_interface_that_is_not_the_tunnels_is_refused(string iface, string why) =>
        DirectOwnership.StateProblem(Owned() with { Interface = iface }, Naming, StateDir).Should().StartWith("refused:").And.Contain(why).And.NotContain("\u001b");

    [Fact]
    public void Paths_processes_and_links_the_state_names_must_be_direct_modes_own()
    {
        DirectOwnership.StateProblem(Owned(config: "/etc/shadow"), Naming, StateDir).Should().Contain("wg-quick config '/etc/shadow'");
        DirectOwnership.StateProblem(Owned(config: "/var/lib/tunmux/direct/../../../etc/wg-home.conf"), Naming, StateDir).Should().Contain("wg-quick config");
        DirectOwnership.StateProblem(Owned(pid: 1), Naming, StateDir).Should().Contain("PID 1");
        DirectOwnership.StateProblem(Owned(pid: 0), Naming, StateDir).Should().Contain("PID 0");
        DirectOwnership.StateProblem(Owned(index: 0), Naming, StateDir).Should().Contain("interface index 0");
        DirectOwnership.StateProblem(new DirectRecord(null, "wg-home", null, null, null), Naming, StateDir).Should().Contain("no tunnel it belongs to");
        DirectOwnership.StateProblem(new DirectRecord("home", null, "/etc/shadow", null, null), Naming, StateDir).Should().Contain("but no interface");
        DirectOwnership.StateProblem(new DirectRecord("home", null, null, 4242, null), Naming, StateDir).Should().Contain("but no interface");
        DirectOwnership.StateProblem(new DirectRecord("../x", "wg-home", null, null, null), Naming, StateDir).Should().Contain("tunnel name");
    }
}
