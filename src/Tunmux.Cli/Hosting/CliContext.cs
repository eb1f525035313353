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

    /// <summary>How -f paths become manifests: from disk normally; from the texts a client sent when the daemon runs the command.</summary>
    public Func<IReadOnlyList<string>, Api.Model.ManifestSet> LoadManifests { get; init; } = Commands.ManifestInput.Load;

    /// <summary>Set when the command runs inside the daemon for a client: told after a change so the controller re-checks.</summary>
    public Action? AfterChange { get; init; }

    /// <summary>In the daemon: the controller's whole desired set for get and status; null reads the stored state.</summary>
    public Func<Api.Model.ManifestSet>? DeclaredView { get; init; }

    /// <summary>In the daemon: the controller's conditions and events for get, status, describe and apply --wait; null without one.</summary>
    public Func<Runtime.Status.LiveStatus?>? LiveStatus { get; init; }

    /// <summary>The health rules (handshake age, grace) status uses to judge one observation.</summary>
    public Core.Lifecycle.LifecyclePolicy HealthPolicy { get; init; } = Core.Lifecycle.LifecyclePolicy.Default;

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public ILoggerFactory LoggerFactory { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
}
