using Tunmux.ProxyWorker;

namespace Tunmux.Cli.Hosting;

/// <summary>The argv that runs this same tunmux again (for lab servers and port keepers), and the one that starts a proxy worker.</summary>
public static class SelfCommand
{
    public static IReadOnlyList<string> Argv()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell where tunmux runs from");
        // Run as `dotnet tunmux.dll`: the process is the dotnet host, the program sits beside this code.
        // (The native build is one file: ProcessPath is tunmux itself.)
        return WorkerLocation.DotnetHost() is not null ? [process, Path.Combine(AppContext.BaseDirectory, "tunmux.dll")] : [process];
    }

    /// <summary>
    /// The argv that starts a proxy worker, before its options: the small tunmux-proxy-worker
    /// executable beside tunmux, or `tunmux proxy worker` when it is not there.
    /// </summary>
    public static IReadOnlyList<string> ProxyWorkerArgv() =>
        WorkerLocation.Argv(AppContext.BaseDirectory, WorkerLocation.DotnetHost()) ?? [.. Argv(), "proxy", "worker"];

    /// <summary>
    /// The argv that starts a port-forward keeper, before its options: the small tunmux-port-keeper
    /// executable beside tunmux, or `tunmux port-forward worker` when it is not there.
    /// </summary>
    public static IReadOnlyList<string> PortKeeperArgv() =>
        WorkerLocation.Argv(AppContext.BaseDirectory, WorkerLocation.DotnetHost(), WorkerLocation.PortKeeperAssemblyName) ?? [.. Argv(), "port-forward", "worker"];
}
