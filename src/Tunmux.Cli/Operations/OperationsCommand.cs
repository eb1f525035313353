using System.CommandLine;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Client;

namespace Tunmux.Cli.Operations;

/// <summary>Runs a command's work with its operations (daemon or here), turning a daemon's refusal into a clear error and exit code.</summary>
public static class OperationsCommand
{
    public static async Task<int> RunAsync(ParseResult parse, CliContext context, TimeProvider? time, CancellationToken cancellationToken, Func<IExitOperations, Task<int>> work)
    {
        try
        {
            await using var operations = await CommandOperations.OpenAsync(parse, context, time, cancellationToken);
            return operations is null ? ExitCodes.InvalidInput : await work(operations);
        }
        catch (ControlClientException e)
        {
            context.Error.MarkupLine($"[red]error[/] {SafeText.Markup(e.Message)}");
            return e.Failure == ControlClientFailure.PermissionDenied ? ExitCodes.NeedsRoot : ExitCodes.Failed;
        }
        catch (DaemonCallException e)
        {
            context.Error.MarkupLine($"[red]error[/] the tunmux daemon refused: {SafeText.Markup(e.Message)}");
            return e.Code == ControlErrorCodes.PermissionDenied ? ExitCodes.NeedsRoot : ExitCodes.Failed;
        }
    }
}
