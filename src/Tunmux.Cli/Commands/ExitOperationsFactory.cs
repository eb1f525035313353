using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Runtime.Operations;

namespace Tunmux.Cli.Commands;

/// <summary>Builds the one-shot exit operations a command works with, after checking it may.</summary>
public static class ExitOperationsFactory
{
    public static ExitOperations? ForChanges(ParseResult parse, CliContext context, string commandName, TimeProvider? time = null) =>
        MayChange(context, commandName) ? Create(parse, context, time) : null;

    /// <summary>True when this process may change the host; otherwise says how to get there and returns false.</summary>
    public static bool MayChange(CliContext context, string commandName)
    {
        if (context.IsPrivileged())
        {
            return true;
        }

        context.Error.MarkupLine(
            $"[red]error[/] tunmux {SafeText.Markup(commandName)} changes network namespaces and interfaces and needs root: run it as root, or start the daemon (systemctl start tunmux) and join its group (tunmux) to use it through the daemon.");
        return false;
    }

    /// <param name="time">The clock handshake ages are judged by (tests fix it).</param>
    public static ExitOperations Create(ParseResult parse, CliContext context, TimeProvider? time = null)
    {
        var paths = GlobalOptions.Paths(parse, context);
        var loggers = parse.GetValue(GlobalOptions.Verbose) ? Logging.Verbose : context.LoggerFactory;
        return new ExitOperations(paths, context.DriverFactory(paths, loggers), loggers.CreateLogger("tunmux"), context.ProviderSources(paths), time: time);
    }
}
