using System.Diagnostics;
using Tunmux.Cli.Privileged;
using Tunmux.Linux.Privilege;
using Tunmux.Runtime.Settings.Config;
using Tunmux.Testing;

namespace Tunmux.Cli.Tests.Privileged;

/// <summary>Starting the root helper on demand: the exact sudo lines, the original's failures, the start lock.</summary>
public sealed class HelperLauncherTests : IDisposable
{
    private static readonly string[] Self = ["/usr/local/bin/tunmux"];

    private readonly string _dir = Directory.CreateTempSubdirectory("tunmux-helper-").FullName;
    private readonly ManualClock _clock = new(ManualClock.DefaultStart);
    private readonly FakeSudo _sudo = new();
    private HelperProbe _before = HelperProbe.Absent;
    private HelperProbe _whileStarting = HelperProbe.Absent;
    private int _probes;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private HelperLauncher Launcher() => new(_sudo, Probe, Path.Combine(_dir, "tunmux", "privileged-start.lock"), _clock);

    /// <summary>Absent (or what the test set) until sudo started the helper, then ready; each look moves the clock on 100 ms.</summary>
    private Task<HelperProbe> Probe(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _probes);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        return Task.FromResult(!_sudo.Started ? _before : _sudo.HelperAnswers ? HelperProbe.Ready : _whileStarting);
    }

    [Fact]
    public async Task A_daemon_that_answers_is_used_and_sudo_is_not_run()
    {
        _before = HelperProbe.Ready;

        (await Launcher().EnsureAsync(new GeneralSettings(), Self, "alice", CancellationToken.None)).Should().BeNull();

        _sudo.Runs.Should().BeEmpty();
    }

    [Fact]
    public async Task A_daemon_that_refuses_the_user_is_authorization_denied()
    {
        _before = HelperProbe.Denied;

        (await Launcher().EnsureAsync(new GeneralSettings(), Self, "alice", CancellationToken.None)).Should().Be("authorization denied by privileged daemon");
        _sudo.Runs.Should().BeEmpty();
    }

    [Fact]
    public async Task A_refusal_while_the_new_helper_sets_up_its_socket_is_not_final()
    {
        // Between bind and chmod/chown the socket refuses everyone but root.
        _whileStarting = HelperProbe.Denied;
        _sudo.AnswerAfterStart = 4;

        (await Launcher().EnsureAsync(new GeneralSettings(), Self, "alice", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_new_helper_that_still_refuses_at_the_deadline_is_authorization_denied()
    {
        _whileStarting = HelperProbe.Denied;
        _sudo.AnswerAfterStart = int.MaxValue;

        (await Launcher().EnsureAsync(new GeneralSettings { PrivilegedAutostartTimeout = TimeSpan.FromSeconds(1) }, Self, "alice", CancellationToken.None))
            .Should().Be("authorization denied by privileged daemon");
    }

    [Fact]
    public async Task Autostart_false_reports_the_socket_unavailable()
    {
        (await Launcher().EnsureAsync(new GeneralSettings { PrivilegedAutostart = false }, Self, "alice", CancellationToken.None))
            .Should().Be("autostart disabled and privileged socket unavailable");
        _sudo.Runs.Should().BeEmpty();
    }

    [Fact]
    public async Task Without_sudo_it_says_so()
    {
        _sudo.Path = null;

        (await Launcher().EnsureAsync(new GeneralSettings(), Self, "alice", CancellationToken.None)).Should().Be("sudo not found in PATH");
    }

    [Theory]
    [InlineData(AutostopMode.Never, "-n -b /usr/local/bin/tunmux daemon --autostarted --group vpn")]
    [InlineData(AutostopMode.Command, "-n -b /usr/local/bin/tunmux daemon --autostarted --group vpn --autostop command")]
    [InlineData(AutostopMode.Timeout, "-n -b /usr/local/bin/tunmux daemon --autostarted --group vpn --autostop timeout --idle-timeout-ms=1500")]
    public async Task It_starts_the_helper_with_the_documented_line_and_waits_until_it_answers(AutostopMode mode, string argv)
    {
        var settings = new GeneralSettings { PrivilegedAutostopMode = mode, PrivilegedAutostopTimeout = TimeSpan.FromMilliseconds(1500) };
        _sudo.AnswerAfterStart = 3;

        (await Launcher().EnsureAsync(settings, Self, "vpn", CancellationToken.None)).Should().BeNull();

        _sudo.Runs.Should().ContainSingle().Which.Should().Be(argv);
    }

    [Fact]
    public async Task A_password_without_a_terminal_is_the_originals_error()
    {
        _sudo.NeedsPassword = true;
        _sudo.HasTerminal = false;

        (await Launcher().EnsureAsync(new GeneralSettings(), Self, "alice", CancellationToken.None)).Should().Be("sudo password required but no TTY available");
        _sudo.Validations.Should().Be(0);
    }

    [Fact]
    public async Task A_password_with_a_terminal_runs_sudo_v_once_then_starts_again()
    {
        _sudo.NeedsPassword = true;
        _sudo.HasTerminal = true;

        (await Launcher().EnsureAsync(new GeneralSettings(), Self, "alice", CancellationToken.None)).Should().BeNull();

        _sudo.Validations.Should().Be(1);
        _sudo.Runs.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_helper_that_never_answers_is_a_start_timeout()
    {
        _sudo.AnswerAfterStart = int.MaxValue;

        (await Launcher().EnsureAsync(new GeneralSettings { PrivilegedAutostartTimeout = TimeSpan.FromSeconds(2) }, Self, "alice", CancellationToken.None))
            .Should().Be("startup timeout waiting for privileged daemon readiness");
        _probes.Should().BeInRange(20, 25, "it looked every 100 ms (of the test's clock) for 2 s");
    }

    [Fact]
    public async Task Two_commands_at_once_start_one_helper()
    {
        _sudo.AnswerAfterStart = 2;

        var results = await Task.WhenAll(
            Launcher().EnsureAsync(new GeneralSettings(), Self, "alice", CancellationToken.None),
            Launcher().EnsureAsync(new GeneralSettings(), Self, "alice", CancellationToken.None));

        results.Should().AllSatisfy(r => r.Should().BeNull());
        _sudo.Runs.Should().ContainSingle();
    }

    [Fact]
    public void The_start_lock_lives_in_the_runtime_dir_or_tmp()
    {
        StartLock.DefaultPath(n => n == "XDG_RUNTIME_DIR" ? "/run/user/1000" : null, 1000).Should().Be("/run/user/1000/tunmux/privileged-start.lock");
        StartLock.DefaultPath(_ => null, 1000).Should().Be("/tmp/tunmux-1000/privileged-start.lock");
    }

    [Fact]
    public void The_helper_is_started_by_absolute_path_only()
    {
        var relative = () => HelperCommand.Daemon(["tunmux"], "g", AutostopMode.Never, TimeSpan.Zero);

        relative.Should().Throw<ArgumentException>();
    }

    private sealed class FakeSudo : ISudo
    {
        private int _looksAfterStart;

        public string? Path { get; set; } = "/usr/bin/sudo";

        public bool HasTerminal { get; set; }

        public bool NeedsPassword { get; set; }

        public int AnswerAfterStart { get; set; } = 1;

        public List<string> Runs { get; } = [];

        public int Validations { get; private set; }

        public bool Started { get; private set; }

        /// <summary>The helper answers only after a few looks, as a real one takes a moment to listen.</summary>
        public bool HelperAnswers => Interlocked.Increment(ref _looksAfterStart) >= AnswerAfterStart;

        public Task<SudoResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            lock (Runs)
            {
                Runs.Add(string.Join(' ', arguments));
            }

            if (NeedsPassword)
            {
                return Task.FromResult(new SudoResult(1, "sudo: a password is required"));
            }

            Started = true;
            return Task.FromResult(new SudoResult(0, ""));
        }

        public Task<int> ValidateOnTerminalAsync(CancellationToken cancellationToken)
        {
            Validations++;
            NeedsPassword = false;
            return Task.FromResult(0);
        }

        public Process Start(IReadOnlyList<string> arguments) => throw new NotSupportedException();
    }
}
