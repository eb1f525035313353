using System.Runtime.CompilerServices;
using Tunmux.Cli;
using Tunmux.Cli.Privileged;
using Tunmux.Cli.ProxyWorker;

// A proxy worker takes its own path before anything of the CLI is touched (see ProxyWorkerMain).
return ProxyWorkerMain.Handles(args) ? ProxyWorkerMain.Run(args) : CliProgram.Run(args);

internal static class CliProgram
{
    // Not inlined: compiling this method loads the CLI's libraries, which the worker path must not.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var context = CliApp.SystemContext();

        // A user without a running daemon: start the root helper first when config.toml allows it.
        if (await OnDemandHelper.EnsureAsync(args, context, Console.Error, CancellationToken.None) is { } failed)
        {
            return failed;
        }

        await using var lease = await OnDemandHelper.LeaseAsync(args, context, CancellationToken.None);
        return await CliApp.Build(context).Parse(args).InvokeAsync();
    }
}
