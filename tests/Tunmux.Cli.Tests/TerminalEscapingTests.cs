using System.Text.Json.Nodes;

namespace Tunmux.Cli.Tests;

/// <summary>
/// Issue #9: text a peer, a provider or a record supplied (server names, reasons, error strings) is
/// printed by status, get, describe and plan with its control characters escaped, so it cannot
/// clear, retitle or recolour the reader's terminal.
/// </summary>
public sealed class TerminalEscapingTests : IDisposable
{
    private const string Hostile = "evil\u001b[2J\u001b]0;pwned\u0007\u009b31m";

    private readonly CliHarness _cli = new();

    public TerminalEscapingTests() => _cli.Host.Clock = new Testing.ManualClock(CliHarness.Now);

    public void Dispose() => _cli.Dispose();

    /// <summary>Applies two exits, then gives lab-1's record a server name as a hostile provider might.</summary>
    private async Task ApplyWithHostileServerName()
    {
        (await _cli.RunAsync("apply", "-f", _cli.Write("lab.yaml", Manifests.TwoExits))).Should().Be(0, _cli.Stderr);
        var record = Path.Combine(_cli.Root, "state", "records", "tunnels", "lab-1.json");
        var json = JsonNode.Parse(File.ReadAllText(record))!.AsObject();
        json["server"] = Hostile;
        File.WriteAllText(record, json.ToJsonString());
    }

    private static void ShouldBeEscaped(string output)
    {
        output.Should().NotContain("\u001b").And.NotContain("\u0007").And.NotContain("\u009b");
        output.Should().Contain("evil\\e[2J\\e]0;pwned\\x07\\x9b31m");
    }

    [Theory]
    [InlineData("status")]
    [InlineData("describe", "tunnel", "lab-1")]
    public async Task A_hostile_server_name_is_printed_escaped(params string[] command)
    {
        await ApplyWithHostileServerName();

        (await _cli.RunAsync(command)).Should().Be(0, _cli.Stderr);

        ShouldBeEscaped(_cli.Stdout);
    }

    [Fact]
    public async Task A_hostile_error_string_from_the_host_is_printed_escaped_in_the_plan_outcome()
    {
        _cli.Host.FailingTunnels.Add("lab-1");
        _cli.Host.FailureMessage = Hostile;

        await _cli.RunAsync("apply", "-f", _cli.Write("lab.yaml", Manifests.TwoExits));

        (_cli.Stdout + _cli.Stderr).Should().NotContain("\u001b").And.NotContain("\u0007");
        (_cli.Stdout + _cli.Stderr).Should().Contain("evil\\e[2J");
    }

    [Fact]
    public void Every_control_character_and_bidi_override_is_escaped_for_markup()
    {
        Rendering.SafeText.Markup("a\u001b[1m[b]\u202e\u0000").Should().Be("a\\e[[1m[[b]]\\u202e\\0");
        Rendering.SafeText.Plain("x\ty").Should().Be("x\\ty");
    }
}
