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
    public async Task The_stdio_transport_starts_no_background_helper_and_gives_the_command_its_own()
    {
        var (code, _) = await EnsureAsync("[general]\nprivileged_transport = \"stdio\"\n", "delete", "tunnel", "a");

        code.Should().BeNull("the command starts its stdio helper itself when it first needs it");
        _sudo.Runs.Should().BeEmpty();
        await using var helper = OnDemandHelper.Stdio(["delete", "tunnel", "a"], User, TextWriter.Null, _sudo);
        helper.Should().NotBeNull();
        await using var none = OnDemandHelper.Stdio(["get", "tunnels"], User, TextWriter.Null, _sudo);
        none.Should().BeNull("a command that changes nothing needs no helper");
    }

    [Theory]
    [InlineData("echo 'sudo: a password is required' >&2; exit 1", "sudo password required but no TTY available")]
    [InlineData("echo 'sudo: unable to execute: Permission denied' >&2; exit 1", "sudo could not start the privileged helper: sudo: unable to execute: Permission denied")]
    [InlineData("exit 0", "sudo could not start the privileged helper: it ended without answering")]
    public async Task A_stdio_helper_that_does_not_answer_is_one_clear_error(string script, string message)
    {
        var sudo = new ScriptSudo(script);
        await using var helper = new StdioHelper(sudo, ["-n", "tunmux", "daemon", "--stdio"], TimeSpan.FromSeconds(30), TextWriter.Null);

        var connect = async () => await helper.ConnectAsync(CancellationToken.None);

        (await connect.Should().ThrowAsync<Tunmux.Daemon.Control.Client.ControlClientException>()).Which.Message.Should().Be(message);
    }

    /// <summary>"sudo" that runs a shell script in place of the helper (its refusals are what sudo prints).</summary>
    private sealed class ScriptSudo(string script) : ISudo
    {
        public string? Path => "/bin/sh";

        public bool HasTerminal => false;

        public Task<SudoResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> ValidateOnTerminalAsync(CancellationToken cancellationToken) => Task.FromResult(1);

        public Process Start(IReadOnlyList<string> arguments)
        {
            var info = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(script);
            return Process.Start(info)!;
        }
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
