using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tunmux.Cli.Daemon.Direct;
using Tunmux.Core.Host;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;

namespace Tunmux.Cli.Operations;

/// <summary>
/// Direct mode for a one-shot command (apply, delete, connect without a daemon): after the declared
/// set is stored, one pass of the same <see cref="DirectModeService"/> the daemon runs puts the
/// block, the tunnel, routes and DNS where the declared set says (or takes them away). Without a
/// daemon nothing re-checks the block later; it stays in the kernel all the same.
/// </summary>
public static class OneShotDirectMode
{
    /// <summary>
    /// After a one-shot change that was not a dry run: runs the context's pass (none in tests) and
    /// says what direct mode came to. Returns false when the pass found the block critical.
    /// </summary>
    public static async Task<bool> AfterChangeAsync(System.CommandLine.ParseResult parse, Hosting.CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.DirectModePass is not { } pass)
        {
            return true;
        }

        var loggers = parse.GetValue(Hosting.GlobalOptions.Verbose) ? Hosting.Logging.Verbose : context.LoggerFactory;
        if (await pass(Hosting.GlobalOptions.Paths(parse, context), loggers, cancellationToken).ConfigureAwait(false) is not { } status)
        {
            return true;
        }

        context.Out.WriteLine($"Kill switch: {status.Policy.ToUpperInvariant()} ({status.Reason}): {status.Message}; LeakFree={status.LeakFree}");
        return !status.Critical;
    }

    /// <summary>The real host's pass (CliApp sets it as <see cref="Hosting.CliContext.DirectModePass"/>; test contexts have none).</summary>
    public static async Task<DirectStatus?> PassAsync(
        TunmuxPaths paths, IEnumerable<Runtime.Resolution.IProviderTunnelSource> providers, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(loggers);
        var directory = Path.Combine(paths.StateDir, "direct");
        var store = new DeclaredStateStore(paths);
        var declared = store.Load();
        var hasDirect = declared.Objects.OfType<Tunmux.Api.Model.TunnelManifest>().Any(t => t.Spec.Mode == Core.Model.TunnelMode.Direct);
        if (!hasDirect && !Directory.Exists(directory))
        {
            // Direct mode never ran on this host and nothing asks for it: nothing to do, nothing to touch.
            return null;
        }

        var service = new DirectModeService(
            Linux.Direct.DirectModeHost.Create(
                new Linux.LinuxDriverOptions { Naming = paths.Naming, RunDir = paths.RunDir },
                directory,
                new Linux.Commands.ProcessCommandRunner(),
                loggers.CreateLogger("Tunmux.Direct")),
            new DeclaredSources(store, null),
            [.. providers],
            paths.Naming,
            paths.StateDir,
            // One pass only: the interval is never waited for.
            TimeSpan.FromSeconds(5),
            null,
            loggers.CreateLogger<DirectModeService>());
        await service.PassAsync(cancellationToken).ConfigureAwait(false);
        return DirectStatus.Read(paths.StateDir);
    }
}
