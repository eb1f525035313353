using System.CommandLine;
using System.Net;
using Tunmux.Cli.Daemon;
using Tunmux.Cli.Hosting;
using Tunmux.Runtime.Settings.Config;

namespace Tunmux.Cli.Tests;

/// <summary>Each key of config.toml's [daemon] table takes effect, and the matching flag wins over it.</summary>
public sealed class DaemonConfigTests
{
    private static DaemonLaunch Launch(string toml, params string[] args)
    {
        var load = TunmuxConfigParser.Parse(toml, "/etc/tunmux/config.toml");
        load.Errors.Should().BeEmpty();
        var flags = new DaemonFlags();
        var command = new Command("daemon") { GlobalOptions.StateDir };
        flags.AddTo(command);
        var parse = command.Parse(args);
        parse.Errors.Should().BeEmpty();
        var problems = new List<string>();
        var launch = flags.Read(parse, load.Config.Daemon, _ => null, problems);
        problems.Should().BeEmpty();
        return launch;
    }

    public static TheoryData<string, string[], string, string> Keys() => new()
    {
        // the file's line, the flag that overrides it, what the launch shows: from the file, from the flag
        { "manifests = \"/etc/tunmux/m\"", ["--manifests", "/srv/m"], "/etc/tunmux/m", "/srv/m" },
        { "socket = \"/run/a.sock\"", ["--socket", "/run/b.sock"], "/run/a.sock", "/run/b.sock" },
        { "group = \"vpn\"", ["--group", "wheel"], "vpn", "wheel" },
        { "metrics = \"127.0.0.1:9600\"", ["--metrics", "off"], "127.0.0.1:9600", "" },
        { "resync = \"1m\"", ["--resync", "45s"], "00:01:00", "00:00:45" },
        { "poll = \"250ms\"", ["--poll", "2s"], "00:00:00.2500000", "00:00:02" },
        { "handshake_max_age = \"4m\"", ["--handshake-max-age", "5m"], "00:04:00", "00:05:00" },
        { "handshake_grace = \"20s\"", ["--handshake-grace", "25s"], "00:00:20", "00:00:25" },
        { "degraded_confirmation = \"5s\"", ["--degraded-confirmation", "7s"], "00:00:05", "00:00:07" },
        { "stable_after = \"3m\"", ["--stable-after", "4m"], "00:03:00", "00:04:00" },
        { "reconnects_before_failover = 5", ["--reconnects-before-failover", "1"], "5", "1" },
        { "log_format = \"json\"", ["--log-format", "text"], "True", "False" },
        { "state_dir = \"/srv/tunmux\"", ["--state-dir", "/srv/other"], "/srv/tunmux", "/srv/other" },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_daemon_key_takes_effect_and_its_flag_wins(string line, string[] flag, string fromFile, string fromFlag)
    {
        var key = line[..line.IndexOf(' ', StringComparison.Ordinal)];
        Shown(key, Launch($"[daemon]\n{line}\n")).Should().Be(fromFile);
        Shown(key, Launch($"[daemon]\n{line}\n", flag)).Should().Be(fromFlag);
        Shown(key, Launch("")).Should().NotBe(fromFile, "the file's value is not the default");
    }

    [Fact]
    public void Teardown_on_stop_from_the_file_or_the_flag()
    {
        Launch("").Options.Controller.TeardownOnStop.Should().BeFalse();
        Launch("[daemon]\nteardown_on_stop = true\n").Options.Controller.TeardownOnStop.Should().BeTrue();
        Launch("[daemon]\nteardown_on_stop = false\n", "--teardown-on-stop").Options.Controller.TeardownOnStop.Should().BeTrue();
    }

    [Fact]
    public void A_bad_duration_from_the_file_is_a_problem()
    {
        var load = TunmuxConfigParser.Parse("[daemon]\nresync = \"soon\"\n", "/etc/tunmux/config.toml");
        var flags = new DaemonFlags();
        var command = new Command("daemon");
        flags.AddTo(command);
        var problems = new List<string>();

        flags.Read(command.Parse([]), load.Config.Daemon, _ => null, problems);

        problems.Should().ContainSingle().Which.Should().Contain("soon");
    }

    [Fact]
    public void An_autostarted_helper_reads_its_autostop_mode()
    {
        Launch("").Autostop.Should().BeNull();
        Launch("", "--autostarted").Autostop.Should().Be(new HelperAutostop(AutostopMode.Never, TimeSpan.FromSeconds(30)));
        Launch("", "--autostarted", "--autostop", "command").Autostop!.Mode.Should().Be(AutostopMode.Command);
        Launch("", "--autostarted", "--autostop", "timeout", "--idle-timeout-ms=1500").Autostop.Should().Be(new HelperAutostop(AutostopMode.Timeout, TimeSpan.FromMilliseconds(1500)));
    }

    [Fact]
    public void Autostop_without_autostarted_is_a_problem()
    {
        var flags = new DaemonFlags();
        var command = new Command("daemon");
        flags.AddTo(command);
        var problems = new List<string>();

        flags.Read(command.Parse(["--autostop", "command"]), new DaemonSettings(), _ => null, problems);

        problems.Should().ContainSingle().Which.Should().Contain("--autostarted");
    }

    private static string Shown(string key, DaemonLaunch launch) => key switch
    {
        "manifests" => launch.Options.ManifestsDirectory ?? "",
        "socket" => launch.Options.SocketPath,
        "group" => launch.Options.Group,
        "metrics" => launch.Options.MetricsEndpoint is IPEndPoint endpoint ? endpoint.ToString() : "",
        "resync" => launch.Options.Controller.ResyncInterval.ToString(),
        "poll" => launch.Options.Controller.PollInterval.ToString(),
        "handshake_max_age" => launch.Options.Controller.Lifecycle.HandshakeMaxAge.ToString(),
        "handshake_grace" => launch.Options.Controller.Lifecycle.HandshakeGrace.ToString(),
        "degraded_confirmation" => launch.Options.Controller.Lifecycle.DegradedConfirmation.ToString(),
        "stable_after" => launch.Options.Controller.Lifecycle.StableAfter.ToString(),
        "reconnects_before_failover" => launch.Options.Controller.Lifecycle.ReconnectsBeforeFailover.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "log_format" => launch.JsonLogs.ToString(),
        "state_dir" => launch.StateDir ?? "",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, null),
    };
}
