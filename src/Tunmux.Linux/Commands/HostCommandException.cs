namespace Tunmux.Linux.Commands;

/// <summary>A host command failed. The message names the command (never secret input) and its error output.</summary>
public sealed class HostCommandException(HostCommand command, CommandResult result)
    : Exception($"`{command}` failed with exit code {result.ExitCode}: {result.StandardError.Trim()}")
{
    public HostCommand Command { get; } = command;

    public CommandResult Result { get; } = result;
}
