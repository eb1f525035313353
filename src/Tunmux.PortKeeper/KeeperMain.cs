using Microsoft.Extensions.Logging;
using Tunmux.LineLogging;
using Tunmux.Linux.PortForward;
using Tunmux.Providers.Proton.PortForwarding;
using Tunmux.Runtime.PortForwarding;

namespace Tunmux.Keeper;

/// <summary>
/// The keeper process: keeps one tunnel's forwarded port at the NAT-PMP gateway, reports it in its
/// state file and runs the hook when it changes, until SIGTERM (or SIGUSR1: release the mapping, then end; see <see cref="KeeperSignals"/>). Only this path is compiled in, so
/// an idle keeper costs a few MiB instead of the whole CLI's.
/// </summary>
public static partial class KeeperMain
{
    /// <summary>As the CLI's: 2 for a command line that is wrong.</summary>
    public const int InvalidArguments = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (KeeperArguments.Parse(args, out var problem) is not { } parsed)
        {
            await Console.Error.WriteLineAsync($"tunmux-port-keeper: {problem}").ConfigureAwait(false);
            return InvalidArguments;
        }

        using var signals = KeeperSignals.Listen();
        using var loggers = new LineLoggerFactory(LogLevel.Information, Console.Out, Console.Error);
        var logger = loggers.CreateLogger("tunmux.portforward");
        var gateway = parsed.Gateway ?? NatPmpClient.ProtonGateway;
        LogKeeping(logger, parsed.Tunnel, gateway);
        var keeper = new Tunmux.Runtime.PortForwarding.PortKeeper(
            parsed.Tunnel,
            new ProtonPortForwarder(new NatPmpClient(gateway)),
            parsed.Hook.Count > 0 ? new ProcessPortHook(parsed.Hook, ProcessPortHook.DefaultTimeout) : null,
            state => PortForwardStateFile.Write(parsed.StateFile, state),
            Core.PortForwarding.PortRenewalPolicy.For(parsed.Tunnel),
            logger);
        await keeper.RunAsync(signals.Stopping).ConfigureAwait(false);
        if (signals.ReleaseAsked)
        {
            await keeper.ReleaseAsync(KeeperSignals.ReleaseBudget).ConfigureAwait(false);
        }

        return 0;
    }

    [LoggerMessage(5111, LogLevel.Information, "keeping the forwarded port of {Tunnel} at {Gateway}")]
    private static partial void LogKeeping(ILogger logger, string tunnel, System.Net.IPEndPoint gateway);
}
