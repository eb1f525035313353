using Tunmux.Cli.Daemon;
using Tunmux.Cli.ProxyWorker;

namespace Tunmux.Cli.Hosting;

/// <summary>The CLI's entry for another executable that adds a daemon extension (tunmux-agent).</summary>
public static class CliEntry
{
    public static int Run(string[] args, DaemonExtension extension) =>
        ProxyWorkerMain.Handles(args) ? ProxyWorkerMain.Run(args) : CliProgram.Run(args, extension);
}
