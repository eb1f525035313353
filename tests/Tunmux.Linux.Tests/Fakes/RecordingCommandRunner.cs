using Tunmux.Linux.Commands;

namespace Tunmux.Linux.Tests.Fakes;

/// <summary>
/// Records every command and answers from rules (the rule added last wins; otherwise success with no
/// output). It plays iproute2's part for `ip netns add/del` by creating and removing the
/// namespace file, so the driver's existence checks see what real commands would leave.
/// </summary>
internal sealed class RecordingCommandRunner(TestHost host) : ICommandRunner
{
    private readonly List<(Func<HostCommand, bool> Matches, Func<HostCommand, CommandResult> Answer)> _rules = [];

    public List<HostCommand> Commands { get; } = [];

    public IEnumerable<string> Lines => Commands.Select(command => string.Join(' ', command.Argv));

    public RecordingCommandRunner Answer(string argvLine, string stdout) =>
        When(command => string.Join(' ', command.Argv) == argvLine, _ => new CommandResult(0, stdout, ""));

    public RecordingCommandRunner Fail(string argvLine, string stderr, int exitCode = 1) =>
        When(command => string.Join(' ', command.Argv) == argvLine, _ => new CommandResult(exitCode, "", stderr));

    public RecordingCommandRunner FailWhere(Func<HostCommand, bool> matches, string stderr) =>
        When(matches, _ => new CommandResult(1, "", stderr));

    public RecordingCommandRunner When(Func<HostCommand, bool> matches, Func<HostCommand, CommandResult> answer)
    {
        _rules.Add((matches, answer));
        return this;
    }

    public Task<CommandResult> RunAsync(HostCommand command, CancellationToken cancellationToken)
    {
        Commands.Add(command);
        foreach (var (matches, answer) in Enumerable.Reverse(_rules))
        {
            if (matches(command))
            {
                return Task.FromResult(answer(command));
            }
        }

        var argv = command.Argv;
        if (argv is ["ip", "netns", "add", var added])
        {
            File.WriteAllText(host.Paths.NamespaceFile(added), "");
        }
        else if (argv is ["ip", "netns", "del", var deleted])
        {
            File.Delete(host.Paths.NamespaceFile(deleted));
        }

        return Task.FromResult(new CommandResult(0, "", ""));
    }
}
