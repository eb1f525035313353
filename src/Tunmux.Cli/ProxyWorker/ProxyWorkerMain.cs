using Tunmux.Cli.Hosting;
using Tunmux.Linux.Proxy;

namespace Tunmux.Cli.ProxyWorker;

/// <summary>
/// `tunmux proxy worker ...` starts here, before the CLI's command tree, console rendering, YAML,
/// providers and logging stack are loaded: a worker is a long-running process per proxy, and those
/// libraries were most of its memory (bench/README.md). Help requests still go to the full CLI.
/// </summary>
internal static class ProxyWorkerMain
{
    public static bool Handles(IReadOnlyList<string> args) =>
        args.Count >= 2 && args[0] == "proxy" && args[1] == "worker" && !args.Any(arg => arg is "-h" or "--help" or "-?");

    public static int Run(string[] args)
    {
        var arguments = ProxyWorkerCommand.TryParse(args[2..], out var problem);
        if (arguments is null)
        {
            Console.Error.WriteLine($"error {problem}");
            return ExitCodes.InvalidInput;
        }

        // Started without the runtime settings (by hand, or by an older launcher): start again with them.
        var missing = ProxyRuntimeSettings.Missing(Environment.GetEnvironmentVariables());
        if (missing.Count > 0 && SelfExec.IsTunmuxProcess)
        {
            var failure = SelfExec.Exec([.. SelfCommand.Argv(), .. args], missing);
            Console.Error.WriteLine($"warning: could not restart with the proxy runtime settings ({failure}); running without them");
        }

        return ProxyWorkerHost.RunAsync(arguments, Console.Error, CancellationToken.None).GetAwaiter().GetResult();
    }
}
