using Tunmux.Linux.Commands;

namespace Tunmux.Lab.Tests;

/// <summary>Records every command and answers from a rule, so tests see exactly what the lab would run.</summary>
internal sealed class RecordingRunner(Func<HostCommand, CommandResult>? answer = null) : ICommandRunner
{
    private readonly Func<HostCommand, CommandResult> _answer = answer ?? (_ => new CommandResult(0, "", ""));

    public List<HostCommand> Commands { get; } = [];

    public IEnumerable<string> Lines => Commands.Select(c => string.Join(' ', c.Argv));

    public Task<CommandResult> RunAsync(HostCommand command, CancellationToken cancellationToken)
    {
        Commands.Add(command);
        return Task.FromResult(_answer(command));
    }
}
