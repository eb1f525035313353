using Tunmux.Api.Model;

namespace Tunmux.Api.Tests.Loading;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("x\u001b[2J", "x\\e[2J")]
    [InlineData("a\nb\rc\td", "a\\nb\\rc\\td")]
    [InlineData("bell\u0007", "bell\\x07")]
    [InlineData("c1\u009b31m", "c1\\x9b31m")]
    [InlineData("rtl\u202eevil", "rtl\\u202eevil")]
    [InlineData("plain text, ünïcode", "plain text, ünïcode")]
    public void Control_characters_are_escaped_and_everything_else_kept(string text, string shown)
    {
        TerminalText.Escape(text).Should().Be(shown);
    }

    [Fact]
    public void A_manifest_error_about_a_hostile_name_prints_without_escape_sequences()
    {
        var errors = Support.Manifests.LoadErrors("apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: \"x\\e[2J\"}\nspec: {colour: 1}\n");

        errors.Should().NotBeEmpty().And.OnlyContain(e => !e.Contains('\u001b'));
    }
}
