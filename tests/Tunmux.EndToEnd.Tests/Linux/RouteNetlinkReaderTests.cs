using Tunmux.EndToEnd.Tests.Apply;
using System.Text.Json;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Linux.Netlink;
using Tunmux.Linux.Observation;

namespace Tunmux.EndToEnd.Tests.Linux;

/// <summary>
/// The in-process rtnetlink reader against iproute2, in a sandbox namespace this test fills with
/// its own links and routes: both must report the same links and the same default route.
/// </summary>
// Classes that enter namespaces on threads of this process, or check every thread's namespace,
// run one at a time: one class's short-lived setns thread must never be counted by another's check.
[Collection(EndToEndCollection.Name)]
public sealed class RouteNetlinkReaderTests : IAsyncLifetime
{
    private Sandbox _sandbox = null!;

    private string SandboxPath => Path.Combine("/run/netns", _sandbox.Name);

    public async Task InitializeAsync()
    {
        _sandbox = await Sandbox.CreateAsync();
        try
        {
            await FillSandboxAsync();
        }
        catch
        {
            // xUnit does not dispose a fixture whose initialisation failed.
            await _sandbox.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private async Task FillSandboxAsync()
    {
        // A veth pair that is up and carries the default route, one left down (one end with its own
        // MTU), and routes that must not count: another table, a /24, an unreachable default.
        // (veth, not dummy: the machine may lack the dummy module.)
        await IpAsync("link", "add", "d0", "type", "veth", "peer", "name", "d1");
        await IpAsync("link", "set", "d0", "mtu", "1380", "up");
        await IpAsync("link", "set", "d1", "up");
        await IpAsync("addr", "add", "10.77.0.2/24", "dev", "d0");
        await IpAsync("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        await IpAsync("link", "set", "v1", "mtu", "1300");
        await IpAsync("route", "add", "default", "via", "10.77.0.1", "dev", "d0");
        await IpAsync("route", "add", "unreachable", "default", "metric", "4000");
        await IpAsync("route", "add", "default", "dev", "d0", "table", "1000");

        // The kernel moves a link's operational state to UP a moment after both ends are up.
        await Eventually.ThatAsync(async () => (await IpLinksAsync()).Where(l => l.Name is "d0" or "d1").All(l => l.OperState == "UP"),
            TimeSpan.FromSeconds(10), "d0 and d1 to be operationally up");
    }

    [RootFact]
    public async Task Links_read_in_process_are_exactly_what_ip_link_show_reports()
    {
        var routing = RouteNetlinkReader.Read(SandboxPath);

        var fromIp = await IpLinksAsync();
        routing.Links.Should().BeEquivalentTo(fromIp);
        routing.Links.Select(l => l.Name).Should().BeEquivalentTo(["lo", "d0", "d1", "v0", "v1"], "the sandbox holds these links and no other");
        routing.Link("d0")!.Should().BeEquivalentTo(new { AdminUp = true, OperState = "UP", Mtu = 1380 });
        routing.Link("v0")!.AdminUp.Should().BeFalse();
    }

    [RootFact]
    public async Task The_default_route_read_in_process_is_the_one_ip_route_show_default_reports()
    {
        await ExpectSameDefaultRoutesAsync(expectedVia: "d0");

        await IpAsync("route", "del", "default", "via", "10.77.0.1", "dev", "d0");

        await ExpectSameDefaultRoutesAsync(expectedVia: null);
    }

    [RootFact]
    public async Task Reading_another_namespace_leaves_no_thread_of_this_process_in_it()
    {
        var own = new FileInfo("/proc/self/ns/net").LinkTarget;
        var sandbox = (await _sandbox.ExecAsync(["readlink", "/proc/self/ns/net"])).EnsureSuccess("readlink").Stdout.Trim();
        own.Should().NotBe(sandbox);

        // Checked right after every read: the reading thread's OS thread may still be listed for a
        // moment after the read returns, so it must have left the sandbox before it ends.
        // Only this sandbox is checked: other test classes run at the same time in this process, and
        // their own readers may be inside their own namespaces for a moment. A thread that ended while
        // the list was read has no link left (null).
        for (var i = 0; i < 200; i++)
        {
            RouteNetlinkReader.Read(SandboxPath);

            Directory.GetDirectories("/proc/self/task")
                .Select(task => new FileInfo(Path.Combine(task, "ns", "net")).LinkTarget)
                .Should().NotContain(sandbox, "only a short-lived thread enters the sandbox, to open the socket, and it has left when the read returns");
        }
    }

    [RootFact]
    public void A_namespace_that_does_not_exist_is_an_error_naming_it()
    {
        var read = () => RouteNetlinkReader.Read($"/run/netns/{_sandbox.NamespacePrefix}absent");

        read.Should().Throw<Tunmux.Linux.Netns.NetworkNamespaceException>().WithMessage("*absent does not exist");
    }

    private async Task ExpectSameDefaultRoutesAsync(string? expectedVia)
    {
        var routing = RouteNetlinkReader.Read(SandboxPath);
        var ipOutput = (await IpAsync("-j", "route", "show", "default")).Stdout;

        foreach (var link in new[] { "lo", "d0", "d1", "v0", "v1" })
        {
            routing.HasDefaultRouteVia(link).Should().Be(IpJson.HasDefaultRouteVia(ipOutput, link), $"ip says so for {link}: {ipOutput}");
            routing.HasDefaultRouteVia(link).Should().Be(link == expectedVia);
        }
    }

    /// <summary>`ip -d -j link show` (details, for the kind), read independently of the code under test.</summary>
    private async Task<List<NetlinkLink>> IpLinksAsync()
    {
        using var json = JsonDocument.Parse((await IpAsync("-d", "-j", "link", "show")).Stdout);
        return json.RootElement.EnumerateArray().Select(link => new NetlinkLink(
            link.GetProperty("ifindex").GetInt32(),
            link.GetProperty("ifname").GetString()!,
            link.GetProperty("flags").EnumerateArray().Any(flag => flag.GetString() == "UP"),
            link.TryGetProperty("operstate", out var state) ? state.GetString() : null,
            link.TryGetProperty("mtu", out var mtu) ? mtu.GetInt32() : null)
        {
            Kind = link.TryGetProperty("linkinfo", out var info) && info.TryGetProperty("info_kind", out var kind) ? kind.GetString() : null,
        }).ToList();
    }

    private async Task<Run.Result> IpAsync(params string[] args) =>
        (await Run.ProgramAsync(["ip", "-n", _sandbox.Name, .. args])).EnsureSuccess("ip " + string.Join(' ', args));
}
