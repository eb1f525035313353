using System.Text.RegularExpressions;
using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Apply;

/// <summary>Issue #2 acceptance: examples/lab.yaml applied to a two-exit lab, inside a sandbox.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ApplyLabTests(LabFixture fixture) : IClassFixture<LabFixture>
{
    private LabSandbox Lab => fixture.Lab;

    [RootFact]
    public async Task Each_exit_carries_socks_and_http_traffic_out_of_its_own_address()
    {
        await Lab.ApplyAsync();
        for (var exit = 1; exit <= 2; exit++)
        {
            (await Lab.ViaSocksAsync(exit)).Should().Be(LabSandbox.PublicAddressOf(exit), $"SOCKS5 through lab-{exit}");
            (await Lab.ViaHttpAsync(exit)).Should().Be(LabSandbox.PublicAddressOf(exit), $"HTTP proxy through lab-{exit}");
            (await Lab.CurlAsync("--proxy", $"http://127.0.0.1:{LabSandbox.HttpPortOf(exit)}", "http://198.19.255.1/"))
                .Should().Be(LabSandbox.PublicAddressOf(exit), "an address literal needs no DNS");
        }
    }

    [RootFact]
    public async Task Names_are_resolved_by_the_lab_dns_from_inside_the_tunnel()
    {
        await Lab.ApplyAsync();
        (await Lab.ViaSocksAsync(2)).Should().Be(LabSandbox.PublicAddressOf(2));
        var dnsLog = await File.ReadAllTextAsync(Path.Combine(Lab.LabDir, Tunmux.Lab.LabNames.DnsLogFile));
        // dnsmasq logs "query[A] whoami.lab from ADDRESS": the asker is exit 2's public address, i.e. the query went through the tunnel.
        dnsLog.Should().MatchRegex($@"query\[A+\] whoami\.lab from {Regex.Escape(LabSandbox.PublicAddressOf(2))}");
    }

    [RootFact]
    public async Task A_second_apply_reports_no_changes_and_keeps_every_process()
    {
        await Lab.ApplyAsync();
        var proxies = await Lab.ProxyPidsAsync();
        var tunnels = Lab.WireGuardPids();

        var again = (await Lab.TunmuxAsync("apply", "-f", Lab.Manifest)).EnsureSuccess("second apply");
        again.Stdout.Should().Contain("No changes");
        (await Lab.ProxyPidsAsync()).Should().Equal(proxies);
        Lab.WireGuardPids().Should().Equal(tunnels);
        (await Lab.TunmuxAsync("diff", "-f", Lab.Manifest)).ExitCode.Should().Be(0);
    }

    [RootFact]
    public async Task Changing_one_proxy_port_replaces_only_that_proxy()
    {
        await Lab.ApplyAsync();
        var proxiesBefore = await Lab.ProxyPidsAsync();
        var tunnelsBefore = Lab.WireGuardPids();
        var edited = Path.Combine(Lab.Sandbox.StateDir, "edited.yaml");
        await File.WriteAllTextAsync(edited, (await File.ReadAllTextAsync(Lab.Manifest)).Replace("127.0.0.1:1080", "127.0.0.1:1090", StringComparison.Ordinal));

        var diff = await Lab.TunmuxAsync("diff", "-f", edited);
        diff.ExitCode.Should().Be(1);
        diff.Stdout.Should().Contain("proxy/lab-1").And.Contain("1080 -> 127.0.0.1:1090");

        await Lab.ApplyAsync(edited);
        var proxiesAfter = await Lab.ProxyPidsAsync();
        proxiesAfter["lab-1"].Should().NotBe(proxiesBefore["lab-1"]);
        proxiesAfter["lab-2"].Should().Be(proxiesBefore["lab-2"]);
        Lab.WireGuardPids().Should().Equal(tunnelsBefore);
        (await Lab.CurlAsync("--socks5-hostname", "127.0.0.1:1090")).Should().Be(LabSandbox.PublicAddressOf(1));
        (await Lab.ViaSocksAsync(1, maxSeconds: 3)).Should().BeNull("nothing listens on the old port");

        await Lab.ApplyAsync(); // back to the example for the other tests
    }

    [RootFact]
    public async Task Bad_input_is_refused_with_positions_and_changes_nothing()
    {
        await Lab.ApplyAsync();
        var before = await Lab.ProxyPidsAsync();
        var bad = Path.Combine(Lab.Sandbox.StateDir, "bad.yaml");
        await File.WriteAllTextAsync(bad, """
            apiVersion: tunmux.io/v1alpha1
            kind: Proxy
            metadata: {name: stray}
            spec:
              tunnelRef: does-not-exist
              socks: {listen: "0.0.0.0:1081"}
              colour: blue
            """);

        var result = await Lab.TunmuxAsync("apply", "-f", bad);
        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain($"{bad}:7:3").And.Contain("colour");
        (await Lab.ProxyPidsAsync()).Should().Equal(before);
        (await Lab.Sandbox.OwnNamespacesAsync()).Where(n => n.StartsWith(Lab.Sandbox.NamespacePrefix, StringComparison.Ordinal))
            .Should().BeEquivalentTo([Lab.Sandbox.NamespacePrefix + "lab-1", Lab.Sandbox.NamespacePrefix + "lab-2"]);
    }

    [RootFact]
    public async Task Every_thread_of_every_worker_stays_inside_its_exits_namespace()
    {
        // A thread in the host namespace would send traffic around the tunnel: threads inherit
        // the namespace of the thread that creates them, so this guards the listener binding.
        await Lab.ApplyAsync();
        foreach (var (name, pid) in await Lab.ProxyPidsAsync())
        {
            (await Lab.ViaSocksAsync(name == "lab-1" ? 1 : 2)).Should().NotBeNull();
            var inode = (await Run.ProgramAsync(["stat", "-L", "-c", "%i", $"/run/netns/{Lab.Sandbox.NamespacePrefix}{name}"])).EnsureSuccess("stat").Stdout.Trim();
            var threads = Directory.GetDirectories($"/proc/{pid}/task");
            threads.Should().NotBeEmpty();
            foreach (var thread in threads)
            {
                var link = new FileInfo(Path.Combine(thread, "ns", "net")).LinkTarget;
                link.Should().Be($"net:[{inode}]", $"thread {Path.GetFileName(thread)} of worker {name} must be in its exit's namespace");
            }
        }
    }
}
