using System.CommandLine;
using Tunmux.Cli.Commands.Providers;
using Tunmux.Cli.Hosting;
using Tunmux.Runtime.Resolution;
using Tunmux.Runtime.Settings;
using Tunmux.Testing.TestServers;
using Tunmux.Testing.TestServers.AirVpn;

namespace Tunmux.Cli.Tests.Providers;

/// <summary>
/// The CLI against the AirVPN and Mullvad test servers: a fake host (no root needed), config and state in
/// a temporary folder, standard input given per command, latencies set by the test.
/// </summary>
internal sealed class AirVpnCliFixture : ProviderCliFixture
{
    public const string Password = "correct horse battery staple";
    public const string MullvadAccount = "1234567890123456";

    public AirVpnCliFixture()
    {
        Account = Server.AddAccount("alice", Password, "laptop", "My desktop");
        Server.Servers.AddRange(
        [
            new("Castor", "NL", "Amsterdam", "127.0.10.1", Bandwidth: 200_000_000, Users: 100),
            new("Vega", "NL", "Amsterdam", "127.0.10.2", Bandwidth: 10_000_000, Users: 20),
            new("Alchiba", "DE", "Frankfurt", "127.0.10.3", Bandwidth: 30_000_000, Users: 40),
        ]);
        SetEnvironment("TUNMUX_AIRVPN_PROVIDER_FILE", Server.WriteEddieProviderFile(Root));
        SetEnvironment("TUNMUX_MULLVAD_API_URL", Mullvad.BaseUri.AbsoluteUri);
        SetEnvironment("TUNMUX_AIRVPN_WEB_URL", Server.BaseUri.AbsoluteUri);
        Mullvad.AddAccount(MullvadAccount);
        Mullvad.Relays.AddRange(
        [
            new("se-got-wg-001", "se-got", "Sweden", "Gothenburg", "127.0.20.1", Tunmux.Crypto.Sodium.GenerateWireGuardKeyPair().PublicKey, Owned: true),
            new("se-sto-wg-002", "se-sto", "Sweden", "Stockholm", "127.0.20.2", Tunmux.Crypto.Sodium.GenerateWireGuardKeyPair().PublicKey, Weight: 200),
        ]);
    }

    public AirVpnTestServer Server { get; } = new();

    public Tunmux.Testing.TestServers.Mullvad.MullvadTestServer Mullvad { get; } = new();

    public AirVpnTestAccount Account { get; }

    public FakeLatency Latency { get; } = new();

    public ManualTime Time { get; } = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    public string ConfigDir => Path.Combine(Root, "config", "airvpn");

    public Task<int> LoginAsync() => RunWithInputAsync(Password + "\n", "airvpn", "login", "alice", "--password-stdin");

    protected override IEnumerable<IProviderTunnelSource> TunnelSources(TunmuxPaths paths) =>
    [
        AirVpnCliSupport.TunnelSource(paths, Environment, Latency, Time),
        MullvadCliSupport.TunnelSource(paths, Environment, Latency, Time),
    ];

    protected override async Task<(int Code, string ParserOut, string ParserErr)> InvokeAsync(string stdin, string[] args)
    {
        var root = CliApp.Build(Context, new FixedTime(Time));
        var io = new AirVpnMullvadIo { Input = new StringReader(stdin), Latency = Latency, Time = Time };
        Replace(root, AirVpnCommand.Build(Context, io));
        Replace(root, MullvadCommand.Build(Context, io));
        var parsed = root.Parse(args);
        var code = await parsed.InvokeAsync();
        return (code, "", string.Concat(parsed.Errors.Select(e => $"parse error: {e.Message}\n")));
    }

    protected override async ValueTask DisposeServersAsync()
    {
        await Server.DisposeAsync();
        await Mullvad.DisposeAsync();
    }

    private static void Replace(RootCommand root, Command command)
    {
        var existing = root.Subcommands.FirstOrDefault(c => c.Name == command.Name);
        if (existing is not null)
        {
            root.Subcommands.Remove(existing);
        }

        root.Subcommands.Add(command);
    }

    private sealed class FixedTime(ManualTime time) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => time.Now;
    }
}

/// <summary>Latencies set by the test; servers left out did not answer.</summary>
internal sealed class FakeLatency : Tunmux.Providers.Latency.ILatencyProbe
{
    public Dictionary<string, long> Milliseconds { get; } = new(StringComparer.Ordinal);

    public Task<IReadOnlyDictionary<string, long>> MeasureAsync(IReadOnlyList<(string Name, string Address)> targets, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(
            targets.Where(t => Milliseconds.ContainsKey(t.Name)).ToDictionary(t => t.Name, t => Milliseconds[t.Name], StringComparer.Ordinal));
}
