using Tunmux.Core.Observed;
using Tunmux.Linux.Netlink;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.Driver;

/// <summary>
/// The host side of the orphan-interface sweep: links of the host namespace with their kind, direct
/// mode's interface kept, and a delete by exact name that looks again first.
/// </summary>
public sealed class OrphanInterfaceTests : IDisposable
{
    private readonly DriverFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private void HostHas(params NetlinkLink[] links) => _fixture.Routing.Host = new NamespaceRouting(links, []);

    private static NetlinkLink Link(int index, string name, string? kind, bool up = false) => new(index, name, up, up ? "UNKNOWN" : "DOWN", 1420) { Kind = kind };

    [Fact]
    public void The_host_namespace_links_with_the_prefix_are_listed_with_kind_and_state()
    {
        HostHas(Link(1, "lo", null, up: true), Link(5, "wg-ghost", "wireguard"), Link(6, "wg-up", "tun", up: true), Link(7, "eth0", null, up: true));

        var links = _fixture.Driver.ListHostLinks("wg-");

        links.Should().Equal(new HostLink("wg-ghost", "wireguard", false), new HostLink("wg-up", "tun", true));
        _fixture.Routing.Reads.Should().Equal("host (own)");
    }

    [Fact]
    public void A_named_host_namespace_is_the_one_read()
    {
        using var fixture = new DriverFixture(hostNamespace: "sandbox");

        fixture.Driver.ListHostLinks("wg-");

        fixture.Routing.Reads.Should().Equal("host sandbox");
    }

    [Theory]
    [InlineData("wireguard")]
    [InlineData("tun")]
    public async Task An_orphan_is_deleted_by_its_exact_name_and_a_stale_socket_goes_with_it(string kind)
    {
        HostHas(Link(5, "wg-ghost", kind));
        var socket = _fixture.Host.Paths.WireGuardSocket("wg-ghost");
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        File.WriteAllText(socket, ""); // left by a wireguard-go killed earlier: nobody answers

        await _fixture.Driver.DeleteOrphanInterfaceAsync("wg-ghost", CancellationToken.None);

        _fixture.Runner.Lines.Should().Equal("ip link del dev wg-ghost");
        File.Exists(socket).Should().BeFalse();
        _fixture.Logger.Lines.Should().Contain(m => m.Contains("wg-ghost", StringComparison.Ordinal) && m.Contains(kind, StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_a_named_host_namespace_the_delete_runs_there()
    {
        using var fixture = new DriverFixture(hostNamespace: "sandbox");
        fixture.Routing.Host = new NamespaceRouting([Link(5, "wg-ghost", "tun")], []);

        await fixture.Driver.DeleteOrphanInterfaceAsync("wg-ghost", CancellationToken.None);

        fixture.Runner.Lines.Should().ContainSingle().Which.Should().StartWith("ip ").And.Contain("sandbox").And.EndWith("link del dev wg-ghost");
    }

    [Theory]
    [InlineData("veth", false)]
    [InlineData(null, false)]
    [InlineData("wireguard", true)]
    public async Task A_link_that_is_no_longer_a_down_WireGuard_link_is_left_alone(string? kind, bool up)
    {
        HostHas(Link(5, "wg-ghost", kind, up));

        await _fixture.Driver.DeleteOrphanInterfaceAsync("wg-ghost", CancellationToken.None);

        _fixture.Runner.Lines.Should().BeEmpty();
    }

    [Fact]
    public async Task A_link_already_gone_is_success_and_runs_nothing()
    {
        await _fixture.Driver.DeleteOrphanInterfaceAsync("wg-ghost", CancellationToken.None);

        _fixture.Runner.Lines.Should().BeEmpty();
    }

    [Fact]
    public async Task A_link_gone_between_the_look_and_the_delete_counts_as_deleted_and_other_failures_are_reported()
    {
        HostHas(Link(5, "wg-ghost", "wireguard"), Link(6, "wg-stuck", "wireguard"));
        _fixture.Runner.Fail("ip link del dev wg-ghost", "Cannot find device \"wg-ghost\"");
        _fixture.Runner.Fail("ip link del dev wg-stuck", "RTNETLINK answers: Operation not permitted");

        await _fixture.Driver.DeleteOrphanInterfaceAsync("wg-ghost", CancellationToken.None);
        var stuck = () => _fixture.Driver.DeleteOrphanInterfaceAsync("wg-stuck", CancellationToken.None);

        (await stuck.Should().ThrowAsync<Exception>()).Which.Message.Should().Contain("Operation not permitted");
    }

    [Theory]
    [InlineData("eth0")]
    [InlineData("wg-")]
    [InlineData("wg-much-too-long-name")]
    public async Task A_name_tunmux_does_not_give_is_refused_before_anything_is_read_or_run(string name)
    {
        var deleting = () => _fixture.Driver.DeleteOrphanInterfaceAsync(name, CancellationToken.None);

        await deleting.Should().ThrowAsync<ArgumentException>();
        _fixture.Runner.Lines.Should().BeEmpty();
        _fixture.Routing.Reads.Should().BeEmpty();
    }

    [Fact]
    public void Direct_modes_interface_is_kept_and_an_unreadable_direct_state_is_an_error_not_nothing()
    {
        var folder = Path.Combine(_fixture.Host.Root, "direct");
        var driver = new LinuxExitDriver(_fixture.Options with { DirectStateDir = folder }, _fixture.Runner, _fixture.Launcher, _fixture.Logger, _fixture.Time);
        driver.KeptHostInterfaces().Should().BeEmpty("no direct mode ran");

        new Tunmux.Linux.Direct.DirectStateFile(folder).Write(Tunmux.Linux.Direct.DirectState.Empty with { TunnelName = "direct", Interface = "wg-direct" });
        driver.KeptHostInterfaces().Should().BeEquivalentTo(["wg-direct"]);

        File.WriteAllText(Path.Combine(folder, "state.json"), "{ not json");
        var reading = () => driver.KeptHostInterfaces();
        reading.Should().Throw<IOException>("then no interface may be taken for an orphan");
    }
}
