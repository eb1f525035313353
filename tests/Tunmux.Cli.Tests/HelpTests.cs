namespace Tunmux.Cli.Tests;

public sealed class HelpTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("apply", "--prune")]
    [InlineData("diff", "Exit code 0")]
    [InlineData("delete", "--all")]
    [InlineData("get", "--output")]
    [InlineData("lab", "up")]
    [InlineData("proxy", "serve")]
    public async Task Every_command_explains_itself(string command, string expected)
    {
        var output = new StringWriter();
        var parse = CliApp.Build(_cli.Context).Parse([command, "--help"]);
        parse.InvocationConfiguration.Output = output;
        (await parse.InvokeAsync()).Should().Be(0);
        output.ToString().Should().Contain(expected);
    }
}
