using Tunmux.Linux.Commands;

namespace Tunmux.Linux.Tests.Commands;

public sealed class HostCommandTests
{
    [Fact]
    public void Secret_input_is_never_shown()
    {
        var command = new HostCommand(["wg", "setconf", "wg-a", "/dev/stdin"], "PrivateKey = c2VjcmV0", InputIsSecret: true);

        command.ToString().Should().Be("wg setconf wg-a /dev/stdin <<(secret)");
    }

    [Fact]
    public void Failure_messages_quote_the_command_without_its_secret_input()
    {
        var command = new HostCommand(["wg", "setconf", "wg-a", "/dev/stdin"], "PrivateKey = c2VjcmV0", InputIsSecret: true);

        var failure = new HostCommandException(command, new CommandResult(1, "", "Line unrecognized\n"));

        failure.Message.Should().Be("`wg setconf wg-a /dev/stdin <<(secret)` failed with exit code 1: Line unrecognized").And.NotContain("c2VjcmV0");
    }

    [Theory]
    [InlineData("Cannot find device \"wg-a\"", true)]
    [InlineData("Device \"wg-a\" does not exist.", true)]
    [InlineData("Cannot remove namespace file \"/run/netns/x\": No such file or directory", true)]
    [InlineData("Cannot open network namespace \"x\": No such file or directory", true)]
    [InlineData("RTNETLINK answers: Operation not permitted", false)]
    public void Errors_that_mean_already_gone_are_recognised(string stderr, bool gone)
    {
        CommandErrors.IsGone(new CommandResult(1, "", stderr)).Should().Be(gone);
    }
}
