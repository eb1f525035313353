using Tunmux.Linux.Proxy;

namespace Tunmux.ProxyWorker;

/// <summary>
/// A proxy worker: one process per Proxy object, started by the executor inside the tunnel's
/// namespace. It holds only the worker path (socket binding in the host namespace, the engine,
/// stats) so that fifty of them stay cheap; the CLI's command tree, console rendering, YAML,
/// providers and logging stack are not part of it.
/// </summary>
public static class WorkerMain
{
    /// <summary>
    /// Runs the worker with <paramref name="options"/> (the options of <see cref="ProxyWorkerCommand"/>).
    /// <paramref name="restart"/> is the argv that runs this same program again with those options,
    /// used once to add the proxy runtime settings when the process was started without them.
    /// </summary>
    public static int Run(IReadOnlyList<string> options, IReadOnlyList<string> restart)
    {
        ArgumentNullException.ThrowIfNull(restart);
        var arguments = ProxyWorkerCommand.TryParse(options, out var problem);
        if (arguments is null)
        {
            Console.Error.WriteLine($"error {problem}");
            return WorkerExitCodes.InvalidInput;
        }

        // Started without the runtime settings (by hand, or by an older launcher): start again with them.
        var missing = ProxyRuntimeSettings.Missing(Environment.GetEnvironmentVariables());
        if (missing.Count > 0 && SelfExec.IsTunmuxProcess)
        {
            var failure = SelfExec.Exec(restart, missing);
            Console.Error.WriteLine($"warning: could not restart with the proxy runtime settings ({failure}); running without them");
        }

        return ProxyWorkerHost.RunAsync(arguments, Console.Error, CancellationToken.None).GetAwaiter().GetResult();
    }
}
