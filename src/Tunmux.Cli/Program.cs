using System.Runtime.CompilerServices;
using Tunmux.Cli;
using Tunmux.Cli.ProxyWorker;

// A proxy worker takes its own path before anything of the CLI is touched (see ProxyWorkerMain).
return ProxyWorkerMain.Handles(args) ? ProxyWorkerMain.Run(args) : CliProgram.Run(args);

internal static class CliProgram
{
    // Not inlined: compiling this method loads the CLI's libraries, which the worker path must not.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Run(string[] args) => CliApp.Build(CliApp.SystemContext()).Parse(args).InvokeAsync().GetAwaiter().GetResult();
}
