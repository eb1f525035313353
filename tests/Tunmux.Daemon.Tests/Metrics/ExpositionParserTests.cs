using Tunmux.Daemon.Tests.Metrics.Exposition;

namespace Tunmux.Daemon.Tests.Metrics;

// The parser guards every other test, so it must itself be shown to reject what is wrong.
public sealed class ExpositionParserTests
{
    private const string ValidHistogram =
        "# HELP h_seconds Help.\n# TYPE h_seconds histogram\n" +
        "h_seconds_bucket{le=\"1\"} 1\nh_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_sum 3.5\nh_seconds_count 2\n";

    [Fact]
    public void A_well_formed_exposition_is_read_with_unescaped_values()
    {
        var parsed = ExpositionParser.Parse(
            "# HELP c_total A \\\\ and a\\nnewline.\n# TYPE c_total counter\nc_total{a=\"x\\\"y\\\\z\\nw\",b=\"\"} 4 1700000000000\n" + ValidHistogram);

        parsed.Family("c_total").Help.Should().Be("A \\ and a\nnewline.");
        parsed.Value("c_total", ("a", "x\"y\\z\nw"), ("b", "")).Should().Be(4);
        parsed.Value("h_seconds_count").Should().Be(2);
    }

    [Theory]
    [InlineData("c_total 1\n", "does not follow the TYPE")]
    [InlineData("# TYPE c_total counter\nc_total 1", "end with a newline")]
    [InlineData("# TYPE c_total counter\n\nc_total 1\n", "blank line")]
    [InlineData("# TYPE c_total counter\r\nc_total 1\n", "carriage return")]
    [InlineData("# a free comment\n", "only '# HELP")]
    [InlineData("# TYPE c_total counter\nc_total 1\n# HELP c_total late\n", "after its samples")]
    [InlineData("# TYPE c_total counter\n# TYPE c_total counter\nc_total 1\n", "second TYPE")]
    [InlineData("# TYPE c_total countr\nc_total 1\n", "must name one of")]
    [InlineData("# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\n", "split by another family")]
    [InlineData("# TYPE a gauge\na{x=\"1\"} 1\na{x=\"1\"} 2\n", "appears twice")]
    [InlineData("# TYPE a gauge\na{x=\"\\t\"} 1\n", "invalid escape")]
    [InlineData("# TYPE a gauge\na{x=\"1\",} 1\n", "another label")]
    [InlineData("# TYPE a gauge\na{x=\"1\",x=\"2\"} 1\n", "appears twice")]
    [InlineData("# TYPE a gauge\na{__x=\"1\"} 1\n", "reserved")]
    [InlineData("# TYPE a gauge\na  1\n", "single spaces")]
    [InlineData("# TYPE a gauge\na 1,5\n", "not a float")]
    [InlineData("# TYPE a gauge\na inf\n", "not a float")]
    [InlineData("# TYPE a counter\na -1\n", "has value")]
    [InlineData("# TYPE a gauge\n", "no samples")]
    [InlineData("# HELP a bad \\q\n# TYPE a gauge\na 1\n", "invalid escape")]
    public void Malformed_text_is_refused_with_a_reason(string text, string reason)
    {
        var parse = () => ExpositionParser.Parse(text);

        parse.Should().Throw<ExpositionException>().Which.Message.Should().Contain(reason);
    }

    [Theory]
    [InlineData("h_seconds_bucket{le=\"1\"} 3\nh_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_sum 1\nh_seconds_count 2\n", "not cumulative")]
    [InlineData("h_seconds_bucket{le=\"1\"} 1\nh_seconds_bucket{le=\"5\"} 2\nh_seconds_sum 1\nh_seconds_count 2\n", "+Inf")]
    [InlineData("h_seconds_bucket{le=\"1\"} 1\nh_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_sum 1\nh_seconds_count 3\n", "differs from its +Inf bucket")]
    [InlineData("h_seconds_bucket{le=\"5\"} 1\nh_seconds_bucket{le=\"1\"} 1\nh_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_sum 1\nh_seconds_count 2\n", "not increasing")]
    [InlineData("h_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_count 2\n", "one _sum")]
    [InlineData("h_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_sum{le=\"1\"} 1\nh_seconds_count 2\n", "carry 'le'")]
    public void Broken_histograms_are_refused(string samples, string reason)
    {
        var parse = () => ExpositionParser.Parse("# TYPE h_seconds histogram\n" + samples);

        parse.Should().Throw<ExpositionException>().Which.Message.Should().Contain(reason);
    }
}
