using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tunmux.Daemon;
using Tunmux.Runtime.Controller;

namespace Tunmux.Cli.Daemon;

/// <summary>
/// A part of `tunmux daemon` that ships outside the Native AOT tunmux binary: the Kubernetes agent
/// (tunmux-agent), whose client library needs the JIT. The agent executable runs the same CLI with
/// its extension; the tunmux binary hands `daemon --kubernetes` over to it (<see cref="DaemonHandover"/>).
/// </summary>
public abstract class DaemonExtension
{
    /// <summary>The flag that asks for the extension (e.g. --kubernetes).</summary>
    public abstract string Flag { get; }

    /// <summary>Adds the extension's flags to `tunmux daemon`.</summary>
    public abstract void AddTo(Command command);

    /// <summary>Whether this run asks for the extension.</summary>
    public abstract bool IsRequested(ParseResult parse);

    /// <summary>Reads the extension's flags; returns the daemon options it needs, problems go to <paramref name="problems"/>.</summary>
    public abstract DaemonOptions Configure(ParseResult parse, DaemonOptions options, Func<string, string?> environment, List<string> problems);

    /// <summary>The read-only sources of declared state it adds to the control loop.</summary>
    public abstract IReadOnlyList<IDeclaredSource> Sources { get; }

    /// <summary>Registers its services (hosted services, readiness).</summary>
    public abstract void AddServices(IServiceCollection services);

    /// <summary>
    /// Awaited before the control loop starts: until a source has observed everything once, a
    /// missing object may only be unseen, and the loop would remove exits the last agent left up.
    /// </summary>
    public abstract Task BeforeLoopAsync(CancellationToken cancellationToken);
}
