using System.Runtime.CompilerServices;
using Tunmux.Cli;
using Tunmux.Cli.Daemon;
using Tunmux.Cli.ProxyWorker;

// A proxy worker takes its own path before anything of the CLI is touched (see ProxyWorkerMain).
return ProxyWorkerMain.Handles(args) ? ProxyWorkerMain.Run(args) : CliProgram.Run(args);

internal static class CliProgram
{
    // Not inlined: compiling this method loads the CLI's libraries, which the worker path must not.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Run(string[] args, DaemonExtension? extension = null) => RunAsync(args, extension).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args, DaemonExtension? extension)
    {
        if (extension is null && DaemonHandover.Wants(args))
        {
            await Console.Error.WriteLineAsync($"error {DaemonHandover.Exec(args)}");
            return ExitCodes.InvalidInput;
        }

        return await CliApp.Build(CliApp.SystemContext(extension)).Parse(args).InvokeAsync();
    }
}
