using System.CommandLine;
using Tunmux.Cli.Commands.Providers;
using Tunmux.Cli.Hosting;
using Tunmux.Providers.Proton;
using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Storage;
using Tunmux.Testing.TestServers.Proton;

namespace Tunmux.Cli.Tests.Providers;

/// <summary>
/// The proton commands against the Proton test server: a fake host (no root needed), config and
/// state in a temporary folder, standard input given per command, one clock for server and client.
/// </summary>
internal sealed class ProtonCliFixture : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";
    public const string TotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    private readonly CliHarness _harness = new();
    private readonly Dictionary<string, string?> _environment;

    public ProtonCliFixture()
    {
        Server = ProtonTestServer.Start(Clock, new ProtonTestAccount("alice", Password), new ProtonTestAccount("bob", Password, TotpSecret));
        _environment = new Dictionary<string, string?>
        {
            ["TUNMUX_STATE_DIR"] = Path.Combine(_harness.Root, "state"),
            ["TUNMUX_RUN_DIR"] = Path.Combine(_harness.Root, "run"),
            ["TUNMUX_CONFIG_DIR"] = Path.Combine(_harness.Root, "config"),
            ["TUNMUX_PROTON_API_URL"] = Server.BaseUrl.AbsoluteUri,
        };
        Context = new CliContext
        {
            Out = _harness.Context.Out,
            Error = _harness.Context.Error,
            DriverFactory = _harness.Context.DriverFactory,
            IsPrivileged = () => true,
            Environment = Environment,
            ProviderSources = _ =>
            [
                new ProtonTunnelSource(
                    ProtonStore.ForUser(Environment),
                    new ProtonClientOptions { BaseUrl = new Uri(Environment("TUNMUX_PROTON_API_URL")!) },
                    Clock,
                    options: new ProtonSourceOptions { LatencyProbe = Latency }),
            ],
        };
    }

    public ManualClock Clock { get; } = ManualClock.StartingNow();

    public ProtonTestServer Server { get; }

    public FakeLatency Latency { get; } = new();

    public CliContext Context { get; }

    public Testing.FakeExitDriver Host => _harness.Host;

    public ProtonStore Store => ProtonStore.ForUser(Environment);

    public string StateDir => Path.Combine(_harness.Root, "state");

    /// <summary>Writes the user's config.toml (in TUNMUX_CONFIG_DIR).</summary>
    public void WriteConfig(string toml)
    {
        var folder = Path.Combine(_harness.Root, "config");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.toml"), toml);
    }

    public string Stdout { get; private set; } = "";

    public string Stderr { get; private set; } = "";

    public void SetEnvironment(string name, string? value) => _environment[name] = value;

    /// <summary>Runs one command; <paramref name="stdin"/> is what standard input holds.</summary>
    public async Task<int> RunWithInputAsync(string stdin, params string[] args)
    {
        var outBefore = _harness.Stdout.Length;
        var errBefore = _harness.Stderr.Length;
        var root = CliApp.Build(Context, Clock);
        var existing = root.Subcommands.First(c => c.Name == "proton");
        root.Subcommands.Remove(existing);
        root.Subcommands.Add(ProtonCommand.Build(Context, new ProtonIo { Input = new StringReader(stdin), Latency = Latency, Time = Clock }));
        // Help and parse errors are printed by System.CommandLine itself: keep them with the command's own output.
        var help = new StringWriter();
        var parseErrors = new StringWriter();
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = help, Error = parseErrors });
        Stdout = _harness.Stdout[outBefore..] + help;
        Stderr = _harness.Stderr[errBefore..] + parseErrors;
        return code;
    }

    public Task<int> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public async Task LoginAsync()
    {
        var code = await RunWithInputAsync(Password + "\n", "proton", "login", "alice", "--password-stdin");
        code.Should().Be(0, Stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _harness.Dispose();
    }

    private string? Environment(string name) => _environment.GetValueOrDefault(name);
}
