using Microsoft.Extensions.Logging;
using Tunmux.Linux.Logging;

namespace Tunmux.Linux.Commands;

/// <summary>
/// Logs each command (as <see cref="HostCommand.ToString"/> shows it: secret input hidden) and
/// its exit code at debug level. Output is never logged: <c>wg show dump</c> prints a private key.
/// </summary>
public sealed class LoggingCommandRunner(ICommandRunner inner, ILogger logger) : ICommandRunner
{
    public async Task<CommandResult> RunAsync(HostCommand command, CancellationToken cancellationToken)
    {
        LinuxLog.RunningCommand(logger, command.ToString());
        var result = await inner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        LinuxLog.CommandExited(logger, command.ToString(), result.ExitCode);
        return result;
    }
}
