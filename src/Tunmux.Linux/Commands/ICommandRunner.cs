namespace Tunmux.Linux.Commands;

/// <summary>
/// Runs host programs. The real one starts processes; tests use a recording fake to check
/// exactly which commands a backend would run.
/// </summary>
public interface ICommandRunner
{
    /// <summary>Runs the command to completion. Does not throw on a non-zero exit code.</summary>
    Task<CommandResult> RunAsync(HostCommand command, CancellationToken cancellationToken);
}

public static class CommandRunnerExtensions
{
    /// <summary>Runs the command and throws <see cref="HostCommandException"/> when it fails.</summary>
    public static async Task<CommandResult> RunCheckedAsync(this ICommandRunner runner, HostCommand command, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new HostCommandException(command, result);
        }

        return result;
    }
}
