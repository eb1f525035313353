using Tunmux.Cli.Hosting;
using Tunmux.Runtime.Resolution;
using Tunmux.Runtime.Settings;

namespace Tunmux.Cli.Tests.Providers;

/// <summary>
/// The CLI against a provider's test server: a fake host (no root needed), config and state in a
/// temporary folder, environment variables the test may change, standard input given per command.
/// A subclass brings the server, the provider's tunnel sources and how one command line is invoked.
/// </summary>
internal abstract class ProviderCliFixture : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _environment;

    protected ProviderCliFixture()
    {
        _environment = new Dictionary<string, string?>
        {
            ["TUNMUX_STATE_DIR"] = StateDir,
            ["TUNMUX_RUN_DIR"] = Path.Combine(Root, "run"),
            ["TUNMUX_CONFIG_DIR"] = Path.Combine(Root, "config"),
        };
        Context = new CliContext
        {
            Out = Harness.Context.Out,
            Error = Harness.Context.Error,
            DriverFactory = Harness.Context.DriverFactory,
            IsPrivileged = () => true,
            Environment = Environment,
            ProviderSources = TunnelSources,
        };
    }

    public CliContext Context { get; }

    public Testing.FakeExitDriver Host => Harness.Host;

    public string Root => Harness.Root;

    public string StateDir => Path.Combine(Root, "state");

    /// <summary>What the last command printed to standard output, with the help System.CommandLine printed itself.</summary>
    public string Stdout { get; private set; } = "";

    /// <summary>What the last command printed to standard error, with the parse errors.</summary>
    public string Stderr { get; private set; } = "";

    protected CliHarness Harness { get; } = new();

    /// <summary>Writes the user's config.toml (in TUNMUX_CONFIG_DIR).</summary>
    public void WriteConfig(string toml)
    {
        var folder = Path.Combine(Root, "config");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.toml"), toml);
    }

    public void SetEnvironment(string name, string? value) => _environment[name] = value;

    /// <summary>Runs one command; <paramref name="stdin"/> is what standard input holds.</summary>
    public async Task<int> RunWithInputAsync(string stdin, params string[] args)
    {
        var outBefore = Harness.Stdout.Length;
        var errBefore = Harness.Stderr.Length;
        var (code, parserOut, parserErr) = await InvokeAsync(stdin, args);
        Stdout = Harness.Stdout[outBefore..] + parserOut;
        Stderr = Harness.Stderr[errBefore..] + parserErr;
        return code;
    }

    public Task<int> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public async ValueTask DisposeAsync()
    {
        await DisposeServersAsync();
        Harness.Dispose();
    }

    protected string? Environment(string name) => _environment.GetValueOrDefault(name);

    /// <summary>The provider's tunnel sources, as the CLI builds them for <paramref name="paths"/>.</summary>
    protected abstract IEnumerable<IProviderTunnelSource> TunnelSources(TunmuxPaths paths);

    /// <summary>Invokes one command line with the provider's commands; returns its exit code and what System.CommandLine printed itself.</summary>
    protected abstract Task<(int Code, string ParserOut, string ParserErr)> InvokeAsync(string stdin, string[] args);

    protected abstract ValueTask DisposeServersAsync();
}
