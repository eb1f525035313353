using System.Diagnostics;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Privileged;
using Tunmux.Linux.Privilege;

namespace Tunmux.Cli.Tests.Privileged;

/// <summary>The user's config.toml [general] privileged_* keys reach the on-demand helper.</summary>
public sealed class OnDemandHelperTests : IDisposable
{
    private readonly CliHarness _harness = new();
    private readonly RecordingSudo _sudo = new();
    private readonly Dictionary<string, string?> _environment = [];

    public OnDemandHelperTests()
    {
        _environment["TUNMUX_CONFIG_DIR"] = Path.Combine(_harness.Root, "config");
        _environment["XDG_RUNTIME_DIR"] = Path.Combine(_harness.Root, "run");
        _environment["TUNMUX_SOCKET"] = Path.Combine(_harness.Root, "nobody-listens.sock");
        Directory.CreateDirectory(Path.Combine(_harness.Root, "config"));
    }

    public void Dispose() => _harness.Dispose();

    private CliContext User => new()
    {
        Out = _harness.Context.Out,
        Error = _harness.Context.Error,
        DriverFactory = _harness.Context.DriverFactory,
        IsPrivileged = () => false,
        Environment = name => _environment.GetValueOrDefault(name),
    };

    private async Task<(int? Code, string Error)> EnsureAsync(string toml, params string[] args)
    {
        File.WriteAllText(Path.Combine(_harness.Root, "config", "config.toml"), toml);
        var error = new StringWriter();
        var code = await OnDemandHelper.EnsureAsync(args, User, error, CancellationToken.None, _sudo);
        return (code, error.ToString());
    }

    [Fact]
    public async Task Privileged_autostart_false_reports_the_socket_unavailable_and_runs_no_sudo()
    {
        var (code, error) = await EnsureAsync("[general]\nprivileged_autostart = false\n", "apply", "-f", "x.yaml");

        code.Should().Be(ExitCodes.Failed);
        error.Should().Contain("autostart disabled and privileged socket unavailable");
        _sudo.Runs.Should().BeEmpty();
    }

    [Fact]
    public async Task The_group_mode_and_idle_time_from_the_file_shape_the_sudo_line()
    {
        var (code, error) = await EnsureAsync(
            "[general]\nprivileged_authorized_group = \"vpnusers\"\nprivileged_autostop_mode = \"timeout\"\nprivileged_autostop_timeout_ms = 4500\nprivileged_autostart_timeout_ms = 300\n",
            "apply", "-f", "x.yaml");

        code.Should().Be(ExitCodes.Failed, "nothing really starts, so the wait runs out");
        error.Should().Contain("startup timeout waiting for privileged daemon readiness");
        _sudo.Runs.Should().ContainSingle().Which.Should().EndWith("daemon --autostarted --group vpnusers --autostop timeout --idle-timeout-ms=4500");
    }

    [Fact]
    public async Task The_stdio_transport_is_refused_as_not_supported_yet()
    {
        var (code, error) = await EnsureAsync("[general]\nprivileged_transport = \"stdio\"\n", "delete", "tunnel", "a");

        code.Should().Be(ExitCodes.InvalidInput);
        error.Should().Contain("stdio");
        _sudo.Runs.Should().BeEmpty();
    }

    [Fact]
    public async Task Commands_that_change_nothing_never_start_a_helper()
    {
        var (code, _) = await EnsureAsync("", "get", "tunnels");

        code.Should().BeNull();
        _sudo.Runs.Should().BeEmpty();
    }

    private sealed class RecordingSudo : ISudo
    {
        public string? Path => "/usr/bin/sudo";

        public bool HasTerminal => false;

        public List<string> Runs { get; } = [];

        public Task<SudoResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            Runs.Add(string.Join(' ', arguments));
            return Task.FromResult(new SudoResult(0, ""));
        }

        public Task<int> ValidateOnTerminalAsync(CancellationToken cancellationToken) => Task.FromResult(1);

        public Process Start(IReadOnlyList<string> arguments) => throw new NotSupportedException();
    }
}
