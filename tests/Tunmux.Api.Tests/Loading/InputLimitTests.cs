using System.Text;
using Tunmux.Api.Tests.Support;
using Tunmux.Api.Yaml;

namespace Tunmux.Api.Tests.Loading;

/// <summary>
/// Hostile YAML is refused as an ordinary error at file:line:col, with the reader's stack and
/// memory bounded: deep nesting (flow and block), alias bombs, too many documents, too many bytes.
/// </summary>
public sealed class InputLimitTests
{
    [Theory]
    [InlineData(100_000)]
    [InlineData(30_000)]
    public void Deep_flow_nesting_is_refused_at_the_level_past_the_limit(int levels)
    {
        var text = new string('[', levels) + new string(']', levels);

        var errors = Manifests.LoadErrors(text);

        errors.Should().Equal($"test.yaml:1:{YamlLimits.MaxDepth + 1}: nesting deeper than {YamlLimits.MaxDepth} levels");
    }

    [Fact]
    public void Deep_unclosed_flow_nesting_is_refused_the_same_way()
    {
        Manifests.LoadErrors(new string('[', 100_000)).Should().Equal($"test.yaml:1:{YamlLimits.MaxDepth + 1}: nesting deeper than {YamlLimits.MaxDepth} levels");
    }

    [Fact]
    public void Deep_flow_mappings_are_refused()
    {
        const int levels = 100_000;
        var text = string.Concat(Enumerable.Repeat("{a: ", levels)) + "1" + new string('}', levels);

        Manifests.LoadErrors(text).Should().ContainSingle().Which.Should().EndWith($"nesting deeper than {YamlLimits.MaxDepth} levels");
    }

    [Fact]
    public void Deep_block_sequences_on_one_line_are_refused()
    {
        const int levels = 100_000;
        var text = string.Concat(Enumerable.Repeat("- ", levels)) + "x\n";

        Manifests.LoadErrors(text).Should().Equal($"test.yaml:1:{(2 * YamlLimits.MaxDepth) + 1}: nesting deeper than {YamlLimits.MaxDepth} levels");
    }

    [Fact]
    public void Deep_block_mappings_are_refused()
    {
        var text = new StringBuilder();
        for (var level = 0; level < 600; level++)
        {
            text.Append(' ', level).Append("a:\n");
        }

        text.Append(' ', 600).Append("b: 1\n");

        Manifests.LoadErrors(text.ToString()).Should().Equal($"test.yaml:{YamlLimits.MaxDepth + 1}:{YamlLimits.MaxDepth + 1}: nesting deeper than {YamlLimits.MaxDepth} levels");
    }

    [Fact]
    public void Nesting_at_the_limit_is_read()
    {
        var text = new string('[', YamlLimits.MaxDepth) + new string(']', YamlLimits.MaxDepth);

        Manifests.LoadErrors(text).Should().NotContain(e => e.Contains("nesting", StringComparison.Ordinal));
    }

    [Fact]
    public void An_alias_bomb_is_refused_by_the_expanded_node_budget()
    {
        var text = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level < 10; level++)
        {
            var previous = $"*a{level - 1}";
            text.Append($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat(previous, 10))}]\n");
        }

        var errors = Manifests.LoadErrors(text.ToString());

        errors.Should().ContainSingle().Which.Should().MatchRegex(
            $"^test\\.yaml:[0-9]+:[0-9]+: the document has more than {YamlLimits.MaxExpandedNodesPerDocument} nodes with its aliases expanded$");
    }

    [Fact]
    public void An_alias_cannot_carry_nesting_past_the_limit()
    {
        var inner = new string('[', 40) + new string(']', 40);
        var text = $"a: &deep {inner}\nb: {new string('[', 30)}*deep{new string(']', 30)}\n";

        Manifests.LoadErrors(text).Should().ContainSingle().Which.Should().Be(
            $"test.yaml:2:34: nesting deeper than {YamlLimits.MaxDepth} levels");
    }

    [Fact]
    public void Too_many_documents_are_refused_at_the_first_one_past_the_limit()
    {
        var text = string.Concat(Enumerable.Repeat("--- \n", YamlLimits.MaxDocuments + 5));

        Manifests.LoadErrors(text).Should().Equal($"test.yaml:{YamlLimits.MaxDocuments + 1}:1: more than {YamlLimits.MaxDocuments} documents in one text");
    }

    [Fact]
    public void A_text_over_the_size_limit_is_refused_before_it_is_parsed()
    {
        var text = "# " + new string('x', YamlLimits.MaxBytes) + "\n";

        Manifests.LoadErrors(text).Should().Equal("test.yaml:1:1: the YAML text is larger than 1 MiB, the limit for one file or request");
    }
}
