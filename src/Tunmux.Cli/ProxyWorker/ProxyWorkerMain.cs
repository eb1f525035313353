using Tunmux.Cli.Hosting;
using Tunmux.ProxyWorker;

namespace Tunmux.Cli.ProxyWorker;

/// <summary>
/// `tunmux proxy worker ...` starts here, before the CLI's command tree, console rendering, YAML,
/// providers and logging stack are loaded. The executor starts the separate tunmux-proxy-worker
/// executable when it is installed beside tunmux; this path keeps older launchers and a build
/// without it working. Help requests still go to the full CLI.
/// </summary>
internal static class ProxyWorkerMain
{
    public static bool Handles(IReadOnlyList<string> args) =>
        args.Count >= 2 && args[0] == "proxy" && args[1] == "worker" && !args.Any(arg => arg is "-h" or "--help" or "-?");

    public static int Run(string[] args) => WorkerMain.Run(args[2..], [.. SelfCommand.Argv(), .. args]);
}
