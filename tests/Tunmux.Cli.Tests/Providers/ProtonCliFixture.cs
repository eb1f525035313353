using System.CommandLine;
using Tunmux.Cli.Commands.Providers;
using Tunmux.Cli.Hosting;
using Tunmux.Runtime.Resolution;
using Tunmux.Runtime.Settings;
using Tunmux.Providers.Proton;
using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Storage;
using Tunmux.Testing.TestServers.Proton;

namespace Tunmux.Cli.Tests.Providers;

/// <summary>
/// The proton commands against the Proton test server: a fake host (no root needed), config and
/// state in a temporary folder, standard input given per command, one clock for server and client.
/// </summary>
internal sealed class ProtonCliFixture : ProviderCliFixture
{
    public const string Password = "correct horse battery staple";
    public const string TotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    public ProtonCliFixture()
    {
        Server = ProtonTestServer.Start(Clock, new ProtonTestAccount("alice", Password), new ProtonTestAccount("bob", Password, TotpSecret));
        SetEnvironment("TUNMUX_PROTON_API_URL", Server.BaseUrl.AbsoluteUri);
    }

    public ManualClock Clock { get; } = ManualClock.StartingNow();

    public ProtonTestServer Server { get; }

    public FakeLatency Latency { get; } = new();

    public ProtonStore Store => ProtonStore.ForUser(Environment);

    public async Task LoginAsync()
    {
        var code = await RunWithInputAsync(Password + "\n", "proton", "login", "alice", "--password-stdin");
        code.Should().Be(0, Stderr);
    }

    protected override IEnumerable<IProviderTunnelSource> TunnelSources(TunmuxPaths paths) =>
    [
        new ProtonTunnelSource(
            ProtonStore.ForUser(Environment),
            new ProtonClientOptions { BaseUrl = new Uri(Environment("TUNMUX_PROTON_API_URL")!) },
            Clock,
            options: new ProtonSourceOptions { LatencyProbe = Latency }),
    ];

    protected override async Task<(int Code, string ParserOut, string ParserErr)> InvokeAsync(string stdin, string[] args)
    {
        var root = CliApp.Build(Context, Clock);
        var existing = root.Subcommands.First(c => c.Name == "proton");
        root.Subcommands.Remove(existing);
        root.Subcommands.Add(ProtonCommand.Build(Context, new ProtonIo { Input = new StringReader(stdin), Latency = Latency, Time = Clock }));
        // Help and parse errors are printed by System.CommandLine itself: keep them with the command's own output.
        var help = new StringWriter();
        var parseErrors = new StringWriter();
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = help, Error = parseErrors });
        return (code, help.ToString(), parseErrors.ToString());
    }

    protected override ValueTask DisposeServersAsync() => Server.DisposeAsync();
}
