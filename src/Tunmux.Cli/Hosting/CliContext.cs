using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tunmux.Runtime.Resolution;
using Tunmux.Core.Host;
using Tunmux.Runtime.Settings;

namespace Tunmux.Cli.Hosting;

/// <summary>
/// What commands need from the outside world, injectable so tests run commands against a
/// fake driver and a recorded console.
/// </summary>
public sealed class CliContext
{
    public required IAnsiConsole Out { get; init; }

    public required IAnsiConsole Error { get; init; }

    public required Func<TunmuxPaths, ILoggerFactory, IExitDriver> DriverFactory { get; init; }

    /// <summary>True when the process may change the host's network (root).</summary>
    public required Func<bool> IsPrivileged { get; init; }

    /// <summary>Resolvers for provider tunnels (Proton, AirVPN, Mullvad); plain WireGuard needs none.</summary>
    public Func<TunmuxPaths, IEnumerable<Runtime.Resolution.IProviderTunnelSource>> ProviderSources { get; init; } = _ => [];

    /// <summary>
    /// A connection to a running daemon, or null when none answers (then commands run here).
    /// Throws <see cref="Daemon.Control.Client.ControlClientException"/> when one exists but refuses.
    /// </summary>
    public Func<CancellationToken, Task<Tunmux.Daemon.Control.Client.ControlClient?>> ConnectDaemon { get; init; } =
        _ => Task.FromResult<Tunmux.Daemon.Control.Client.ControlClient?>(null);

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public ILoggerFactory LoggerFactory { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    /// <summary>
    /// One direct-mode pass on the host after a one-shot change (see Operations.OneShotDirectMode);
    /// null (tests, fake drivers) runs none, so nothing touches the real host's firewall or routes.
    /// </summary>
    public Func<TunmuxPaths, ILoggerFactory, CancellationToken, Task<Daemon.Direct.DirectStatus?>>? DirectModePass { get; init; }

    /// <summary>Set in tunmux-agent: the Kubernetes source for `tunmux daemon --kubernetes`.</summary>
    public Daemon.DaemonExtension? DaemonExtension { get; init; }

    /// <summary>This context with another way to reach the daemon (the stdio helper of one command).</summary>
    public CliContext WithDaemon(Func<CancellationToken, Task<Tunmux.Daemon.Control.Client.ControlClient?>> connect) => new()
    {
        Out = Out,
        Error = Error,
        DriverFactory = DriverFactory,
        IsPrivileged = IsPrivileged,
        ProviderSources = ProviderSources,
        ConnectDaemon = connect,
        Environment = Environment,
        LoggerFactory = LoggerFactory,
        DaemonExtension = DaemonExtension,
        DirectModePass = DirectModePass,
    };
}
