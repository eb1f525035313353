using Tunmux.Cli;
using Tunmux.Cli.Daemon;

var context = CliApp.SystemContext();
if (await DaemonForwarding.TryForwardAsync(args, context.Environment, Console.Out, Console.Error, CancellationToken.None) is { } forwarded)
{
    return forwarded;
}

return await CliApp.Build(context).Parse(args).InvokeAsync();
