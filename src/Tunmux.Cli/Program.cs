using System.Runtime.CompilerServices;
using Tunmux.Cli;
using Tunmux.Cli.Daemon;
using Tunmux.Cli.Privileged;
using Tunmux.Cli.ProxyWorker;

// A proxy worker takes its own path before anything of the CLI is touched (see ProxyWorkerMain).
return ProxyWorkerMain.Handles(args) ? ProxyWorkerMain.Run(args) : CliProgram.Run(args);

internal static class CliProgram
{
    // Not inlined: compiling this method loads the CLI's libraries, which the worker path must not.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Run(string[] args, DaemonExtension? extension = null)
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            // A background thread's exception ends the process anyway: say so in one line, with our code.
            Crash.Report(e.ExceptionObject as Exception);
            Environment.Exit(ExitCodes.Crashed);
        };
        try
        {
            return RunAsync(args, extension).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return 130; // interrupted (SIGINT), as a shell reports it
        }
        catch (Exception e)
        {
            Crash.Report(e);
            return ExitCodes.Crashed;
        }
    }

    private static async Task<int> RunAsync(string[] args, DaemonExtension? extension)
    {
        // As root, first of all: leave the directory the command was started in (paths given on the
        // command line still mean what they meant there; see WorkingDirectory).
        Tunmux.Cli.Hosting.WorkingDirectory.LeaveForRoot();
        // The Kubernetes agent is tunmux-agent beside this binary (see DaemonHandover).
        if (extension is null && DaemonHandover.Wants(args))
        {
            await Console.Error.WriteLineAsync($"error {DaemonHandover.Exec(args)}");
            return ExitCodes.InvalidInput;
        }

        var context = CliApp.SystemContext(extension);

        // privileged_transport = "stdio": this command's own helper, on pipes instead of the socket.
        await using var stdio = OnDemandHelper.Stdio(args, context, Console.Error);
        if (stdio is not null)
        {
            context = context.WithDaemon(stdio.ConnectAsync);
        }

        // A user without a running daemon: start the root helper first when config.toml allows it.
        if (await OnDemandHelper.EnsureAsync(args, context, Console.Error, CancellationToken.None) is { } failed)
        {
            return failed;
        }

        await using var lease = await OnDemandHelper.LeaseAsync(args, context, CancellationToken.None);
        var configuration = new System.CommandLine.InvocationConfiguration { EnableDefaultExceptionHandler = false };
        return await CliApp.Build(context).Parse(args).InvokeAsync(configuration);
    }
}

/// <summary>How an unexpected error is shown: one line on stderr, input text escaped, no stack trace.</summary>
internal static class Crash
{
    public static void Report(Exception? e)
    {
        var what = e is null ? "unknown error" : $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
        Console.Error.WriteLine(Tunmux.Api.Model.TerminalText.Escape($"tunmux: internal error ({what}); this is a bug"));
    }
}
