using System.CommandLine;
using System.Net;
using Tunmux.Api;
using Tunmux.Cli.Hosting;
using Tunmux.Daemon;
using Tunmux.Daemon.Control;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.Settings.Config;

namespace Tunmux.Cli.Daemon;

/// <summary>What `tunmux daemon` runs with: its flags, then config.toml's [daemon] table, then the defaults.</summary>
/// <param name="Autostop">Set for a helper the CLI started on demand (--autostarted): when it stops by itself.</param>
/// <param name="Stdio">Serve the control protocol on standard input and output for one command (privileged_transport = "stdio"), with no socket.</param>
public sealed record DaemonLaunch(DaemonOptions Options, string? StateDir, bool JsonLogs, HelperAutostop? Autostop = null, bool Stdio = false);

/// <summary>An autostarted helper's autostop: the mode and, for timeout, the idle time.</summary>
public sealed record HelperAutostop(AutostopMode Mode, TimeSpan IdleTimeout);

/// <summary>`tunmux daemon`'s flags, and how they combine with config.toml's [daemon] table (flags win).</summary>
public sealed class DaemonFlags
{
    private readonly Option<string?> _manifests = new Option<string?>("--manifests") { Description = "A folder whose *.yaml files are the complete desired set (GitOps); changes are picked up at once." }.AsPath();
    private readonly Option<string?> _socket = new Option<string?>("--socket") { Description = $"Control socket path (default {ControlProtocol.DefaultSocketPath}, or TUNMUX_SOCKET)." }.AsPath();
    private readonly Option<string?> _group = new("--group") { Description = "Group whose members may use the control socket (default tunmux)." };
    private readonly Option<string?> _metrics = new("--metrics") { Description = "Prometheus endpoint ADDRESS:PORT, or off (default 127.0.0.1:9477)." };
    private readonly Option<string?> _resync = new("--resync") { Description = "Reconcile everything at least this often (default 30s)." };
    private readonly Option<string?> _poll = new("--poll") { Description = "Check processes and namespaces for drift this often (default 500ms)." };
    private readonly Option<int?> _workers = new("--workers") { Description = "Reconcile this many exits at once, 1 to 64 (default twice the cores, 2 to 8)." };
    private readonly Option<bool> _teardown = new("--teardown-on-stop") { Description = "Remove every exit when the daemon stops (default: they stay up and the next start adopts them)." };
    private readonly Option<string?> _logFormat = new("--log-format") { Description = "text (default) or json." };
    private readonly Option<bool> _autostarted = new("--autostarted") { Description = "Started on demand by the CLI through sudo (see --autostop).", Hidden = true };
    private readonly Option<string?> _autostop = new("--autostop") { Description = "With --autostarted: never (default), command (stop when the last command's lease ends) or timeout (stop after --idle-timeout-ms without a request).", Hidden = true };
    private readonly Option<int?> _idleTimeout = new("--idle-timeout-ms") { Description = "With --autostop timeout: milliseconds without a request before the helper stops.", Hidden = true };
    private readonly Option<bool> _stdio = new("--stdio") { Description = "With --autostarted: answer one command on standard input and output, with no socket; stop when it closes them.", Hidden = true };
    private readonly HealthOptions _health = new();

    public DaemonFlags()
    {
        _logFormat.AcceptOnlyFromAmong("text", "json");
        _autostop.AcceptOnlyFromAmong("never", "command", "timeout");
    }

    public Option<string?> Config { get; } = new Option<string?>("--config")
    {
        Description = $"Settings file whose [daemon] table holds these settings (default {TunmuxConfigFile.SystemPath} when it exists); flags win over it.",
    }.AsPath();

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { _manifests, _socket, _group, _metrics, _resync, _poll, _workers, _teardown, Config, _logFormat, _autostarted, _autostop, _idleTimeout, _stdio })
        {
            command.Options.Add(option);
        }

        _health.AddTo(command);
    }

    /// <summary>The daemon's settings; problems (bad durations, addresses) are added to <paramref name="problems"/>.</summary>
    public DaemonLaunch Read(ParseResult parse, DaemonSettings file, Func<string, string?> environment, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(file);
        var options = new DaemonOptions
        {
            ManifestsDirectory = parse.GetValue(_manifests) ?? file.Manifests,
            SocketPath = parse.GetValue(_socket) ?? file.Socket ?? DaemonSocket.Path(environment),
            Group = parse.GetValue(_group) ?? file.Group ?? ControlProtocol.DefaultGroup,
            MetricsEndpoint = Endpoint(parse.GetValue(_metrics) ?? file.Metrics, problems),
            Controller = new ControllerOptions
            {
                ResyncInterval = Duration("--resync", parse.GetValue(_resync) ?? file.Resync, TimeSpan.FromSeconds(30), problems),
                PollInterval = Duration("--poll", parse.GetValue(_poll) ?? file.Poll, TimeSpan.FromMilliseconds(500), problems),
                Workers = Workers(parse.GetValue(_workers) ?? file.Workers, problems),
                TeardownOnStop = parse.GetValue(_teardown) || (file.TeardownOnStop ?? false),
                Lifecycle = _health.Read(parse, file, problems),
            },
        };
        var stdio = parse.GetValue(_stdio);
        if (stdio && !parse.GetValue(_autostarted))
        {
            problems.Add("--stdio is for a helper started with --autostarted");
        }

        if (stdio)
        {
            // One command's helper: no socket, and no metrics port to clash with another helper's.
            options = options with { MetricsEndpoint = null };
        }

        return new DaemonLaunch(
            options, parse.GetValue(GlobalOptions.StateDir) ?? file.StateDir, (parse.GetValue(_logFormat) ?? file.LogFormat) == "json", Autostop(parse, problems), stdio);
    }

    private HelperAutostop? Autostop(ParseResult parse, List<string> problems)
    {
        var mode = parse.GetValue(_autostop) switch
        {
            "command" => AutostopMode.Command,
            "timeout" => AutostopMode.Timeout,
            _ => AutostopMode.Never,
        };
        var idle = parse.GetValue(_idleTimeout);
        if (!parse.GetValue(_autostarted))
        {
            if (mode != AutostopMode.Never || idle is not null)
            {
                problems.Add("--autostop and --idle-timeout-ms are for a helper started with --autostarted");
            }

            return null;
        }

        if (mode == AutostopMode.Timeout && idle is not > 0)
        {
            problems.Add("--autostop timeout needs --idle-timeout-ms above 0");
        }

        return new HelperAutostop(mode, TimeSpan.FromMilliseconds(Math.Max(1, idle ?? 30_000)));
    }

    private static int Workers(int? wanted, List<string> problems)
    {
        if (wanted is null)
        {
            return ControllerOptions.DefaultWorkers;
        }

        if (wanted is < 1 or > 64)
        {
            problems.Add($"--workers {wanted}: must be between 1 and 64");
            return ControllerOptions.DefaultWorkers;
        }

        return wanted.Value;
    }

    private static IPEndPoint? Endpoint(string? text, List<string> problems)
    {
        if (text is null)
        {
            return new IPEndPoint(IPAddress.Loopback, 9477);
        }

        if (text == "off")
        {
            return null;
        }

        if (ListenAddress.TryParse(text, out var address, out var port, out var error) && port > 0)
        {
            return new IPEndPoint(address, port);
        }

        problems.Add($"--metrics {text}: {(error.Length > 0 ? error : "a port is required")}");
        return null;
    }

    internal static TimeSpan Duration(string option, string? text, TimeSpan fallback, List<string> problems)
    {
        if (text is null)
        {
            return fallback;
        }

        if (GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        problems.Add($"{option} {text}: not a duration such as 500ms, 30s or 5m");
        return fallback;
    }
}
