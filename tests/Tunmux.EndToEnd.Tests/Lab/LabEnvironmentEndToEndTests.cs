using System.Net;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Lab;
using Tunmux.Lab.State;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Processes;

namespace Tunmux.EndToEnd.Tests.Lab;

/// <summary>
/// The lab library against real namespaces. The test process stays in the machine's own
/// namespace and gives the lab the sandbox as its host namespace, so the one veth and the one
/// route land in the sandbox; everything else lives in the lab's own namespaces.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LabEnvironmentEndToEndTests
{
    private static readonly IPAddress Service = IPAddress.Parse(LabAddresses.ServiceAddress);

    private static LabOptions OptionsFor(Sandbox sandbox, int exits) =>
        new(exits, sandbox.LabPrefix, sandbox.InterfacePrefix + "L", Path.Combine(sandbox.StateDir, "lab"), [TunmuxBinary.Path], sandbox.Name);

    [RootFact]
    public async Task Lab_up_serves_dns_whoami_and_wireguard_exits_and_lab_down_leaves_nothing()
    {
        await using var sandbox = await Sandbox.CreateAsync();
        var options = OptionsFor(sandbox, exits: 2);
        var lab = new LabEnvironment(new ProcessCommandRunner());
        var rootLinksBefore = await RootLinksAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        LabInfo info;
        LabState state;
        try
        {
            info = await lab.UpAsync(options, timeout.Token);
            state = LabStateFile.Load(info.StatePath)!;

            // The host (the sandbox) reaches whoami over its one link into the lab.
            (await CurlAsync(argv => sandbox.ExecAsync(argv), LabAddresses.WhoamiUrl)).Should().Be("198.19.0.1\n");

            // DNS answers lab names, refuses to invent others, and logs who asked.
            (await DnsProbe.QueryAsync(sandbox.Name, Service, "whoami.lab")).Addresses.Should().Equal(Service);
            (await DnsProbe.QueryAsync(sandbox.Name, Service, "exit2.lab")).Addresses.Should().Equal(IPAddress.Parse("198.18.2.2"));
            var unknown = await DnsProbe.QueryAsync(sandbox.Name, Service, "nothing.lab");
            unknown.Addresses.Should().BeEmpty();
            unknown.ResponseCode.Should().Be(3, "an unknown lab name is NXDOMAIN");
            File.ReadAllText(Path.Combine(options.Directory, LabNames.DnsLogFile)).Should().Contain("query[A] whoami.lab from 198.19.0.1");

            // Each exit's config works from a client and leaves through that exit's public address.
            foreach (var exit in info.Exits)
            {
                await using var client = await WireGuardTestClient.StartAsync(sandbox, exit.ConfigPath, exit.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                (await CurlAsync(argv => client.ExecAsync([.. argv]), LabAddresses.WhoamiUrl)).Should().Be(exit.PublicAddress + "\n");
            }

            File.ReadAllLines(Path.Combine(options.Directory, LabNames.WhoamiLogFile)).Select(line => line.Split(' ')[1])
                .Should().Equal("198.19.0.1", "198.18.1.2", "198.18.2.2");

            // Files: configs private, the manifest names both exits.
            info.Exits.Should().OnlyContain(exit => File.GetUnixFileMode(exit.ConfigPath) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
            File.GetUnixFileMode(options.Directory).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.ReadAllText(info.ManifestPath).Should().Be(LabManifest.Render(options));

            // The host side is exactly one link (plus lo) and one route per family for the lab's range.
            (await SandboxLinksAsync(sandbox)).Should().Equal("lo", LabNames.HostLink(options));
            (await Run.ProgramAsync(["ip", "-n", sandbox.Name, "route", "show", "198.18.0.0/15"])).Stdout.Trim()
                .Should().StartWith("198.18.0.0/15 via 198.19.0.2 dev " + LabNames.HostLink(options));
            (await Run.ProgramAsync(["ip", "-n", sandbox.Name, "-6", "route", "show", "2001:2::/48"])).Stdout.Trim()
                .Should().StartWith("2001:2::/48 via 2001:2:0:ffff::2 dev " + LabNames.HostLink(options));

            // whoami answers over IPv6 too, with the host's IPv6 address.
            (await Run.ProgramAsync(["nsenter", $"--net=/run/netns/{sandbox.Name}", "--", "curl", "-sS", "--max-time", "10", LabAddresses.WhoamiUrl6])).Stdout.Trim()
                .Should().Be("2001:2:0:ffff::1");
        }
        finally
        {
            await lab.DownAsync(options, CancellationToken.None);
        }

        (await sandbox.OwnNamespacesAsync()).Should().BeEmpty();
        sandbox.OwnWireGuardSockets().Should().BeEmpty();
        state.Processes.Should().HaveCount(5, "two exits' wireguard-go, dnsmasq, whoami and whoami6").And.OnlyContain(p => !ProcStat.IsAlive(new Core.State.ProcessRef(p.Pid, p.StartTime)));
        (await SandboxLinksAsync(sandbox)).Should().Equal("lo");
        (await Run.ProgramAsync(["ip", "-n", sandbox.Name, "route", "show"])).Stdout.Trim().Should().BeEmpty();
        (await Run.ProgramAsync(["ip", "-n", sandbox.Name, "-6", "route", "show"])).Stdout.Should().NotContain("2001:2:");
        Directory.Exists(options.Directory).Should().BeFalse();
        (await RootLinksAsync()).Should().Equal(rootLinksBefore, "the lab never touches the machine's own namespace");
    }

    [RootFact]
    public async Task Lab_up_twice_replaces_the_first_lab_with_fresh_keys()
    {
        await using var sandbox = await Sandbox.CreateAsync();
        var options = OptionsFor(sandbox, exits: 1);
        var lab = new LabEnvironment(new ProcessCommandRunner());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            var first = await lab.UpAsync(options, timeout.Token);
            var firstState = LabStateFile.Load(first.StatePath)!;
            var second = await lab.UpAsync(options, timeout.Token);

            second.Exits[0].ServerPublicKey.Should().NotBe(first.Exits[0].ServerPublicKey);
            firstState.Processes.Should().OnlyContain(p => !ProcStat.IsAlive(new Core.State.ProcessRef(p.Pid, p.StartTime)));
            (await CurlAsync(argv => sandbox.ExecAsync(argv), LabAddresses.WhoamiUrl)).Should().Be("198.19.0.1\n");
            await using var client = await WireGuardTestClient.StartAsync(sandbox, second.Exits[0].ConfigPath, "1");
            (await CurlAsync(argv => client.ExecAsync([.. argv]), LabAddresses.WhoamiUrl)).Should().Be("198.18.1.2\n");
        }
        finally
        {
            await lab.DownAsync(options, CancellationToken.None);
        }

        (await sandbox.OwnNamespacesAsync()).Should().BeEmpty();
        sandbox.OwnWireGuardSockets().Should().BeEmpty();
    }

    private static async Task<string> CurlAsync(Func<IReadOnlyList<string>, Task<Run.Result>> exec, string url)
    {
        var result = await exec(["curl", "-sS", "--max-time", "10", url]);
        return result.EnsureSuccess("curl " + url).Stdout;
    }

    private static async Task<IReadOnlyList<string>> SandboxLinksAsync(Sandbox sandbox) =>
        LinkNames((await Run.ProgramAsync(["ip", "-n", sandbox.Name, "-o", "link", "show"])).EnsureSuccess("ip link show").Stdout);

    private static async Task<IReadOnlyList<string>> RootLinksAsync() =>
        LinkNames((await Run.ProgramAsync(["ip", "-o", "link", "show"])).EnsureSuccess("ip link show").Stdout);

    /// <summary>"2: name@peer: &lt;...&gt;" lines to names.</summary>
    private static IReadOnlyList<string> LinkNames(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':')[1].Trim().Split('@')[0])
            .ToList();
}
