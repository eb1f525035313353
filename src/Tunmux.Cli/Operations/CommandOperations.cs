using System.CommandLine;
using Spectre.Console;
using Tunmux.Cli.Commands;
using Tunmux.Cli.Hosting;

namespace Tunmux.Cli.Operations;

/// <summary>
/// Chooses where a command's work runs: in the daemon when one answers on the control socket (it
/// owns the host; running here would race it), else in this process.
/// </summary>
public static class CommandOperations
{
    /// <summary>The operations for this command; null after saying why there are none (the state directory clash).</summary>
    public static async Task<IExitOperations?> OpenAsync(ParseResult parse, CliContext context, TimeProvider? time, CancellationToken cancellationToken)
    {
        if (await context.ConnectDaemon(cancellationToken) is { } client)
        {
            if (parse.GetValue(GlobalOptions.StateDir) is not null)
            {
                await client.DisposeAsync();
                context.Error.MarkupLine("[red]error[/] --state-dir cannot be used while a daemon answers: the daemon works on its own state directory.");
                return null;
            }

            return new DaemonOperations(client);
        }

        return new LocalOperations(ExitOperationsFactory.Create(parse, context, time), token => OneShotDirectMode.AfterChangeAsync(parse, context, token));
    }
}
