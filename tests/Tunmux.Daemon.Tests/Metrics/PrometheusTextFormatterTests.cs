using Tunmux.Daemon.Metrics;
using Tunmux.Daemon.Tests.Metrics.Exposition;

namespace Tunmux.Daemon.Tests.Metrics;

public sealed class PrometheusTextFormatterTests
{
    private static MetricFamily Gauge(string name, params MetricSample[] samples) => new(name, "Help.", MetricType.Gauge, samples);

    private static MetricSample Sample(string name, double value, params MetricLabel[] labels) => new(name, labels, value);

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline()
    {
        var text = PrometheusTextFormatter.Format([Gauge("g", Sample("g", 1, new MetricLabel("path", "C:\\dir \"x\"\nnext")))]);

        text.Should().Contain("g{path=\"C:\\\\dir \\\"x\\\"\\nnext\"} 1\n");
    }

    [Fact]
    public void Help_escapes_backslash_and_newline_but_not_quotes()
    {
        var family = new MetricFamily("g", "Says \"hi\" \\ twice\nover", MetricType.Gauge, [Sample("g", 1)]);

        PrometheusTextFormatter.Format([family]).Should().StartWith("# HELP g Says \"hi\" \\\\ twice\\nover\n# TYPE g gauge\n");
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("back\\slash")]
    [InlineData("\"quoted\"")]
    [InlineData("line\nbreak\\n")]
    [InlineData("ünïcødé ✓")]
    [InlineData("\\\"\n\\")]
    public void Escaped_label_values_read_back_unchanged(string value)
    {
        var text = PrometheusTextFormatter.Format([Gauge("g", Sample("g", 2, new MetricLabel("v", value)))]);

        ExpositionParser.Parse(text).Value("g", ("v", value)).Should().Be(2);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(42.0, "42")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1E+21")]
    [InlineData(1.5e-7, "1.5E-07")]
    public void Floats_are_written_without_culture_and_read_back_exactly(double value, string expected)
    {
        PrometheusFloat.Format(value).Should().Be(expected);
        var text = PrometheusTextFormatter.Format([Gauge("g", Sample("g", value))]);

        ExpositionParser.Parse(text).Value("g").Should().Be(value);
    }

    [Fact]
    public void Families_are_ordered_by_name_whatever_order_they_come_in()
    {
        var text = PrometheusTextFormatter.Format([Gauge("b", Sample("b", 1)), Gauge("a_b", Sample("a_b", 1)), Gauge("a", Sample("a", 1))]);

        ExpositionParser.Parse(text).Families.Select(family => family.Name).Should().Equal("a", "a_b", "b");
    }

    [Fact]
    public void A_family_without_samples_is_left_out_and_empty_help_writes_no_help_line()
    {
        var text = PrometheusTextFormatter.Format([Gauge("empty"), new MetricFamily("g", "", MetricType.Gauge, [Sample("g", 1)])]);

        text.Should().Be("# TYPE g gauge\ng 1\n");
    }

    [Theory]
    [InlineData("1starts_with_digit")]
    [InlineData("has-dash")]
    [InlineData("has space")]
    [InlineData("")]
    public void An_invalid_metric_name_is_refused(string name)
    {
        var format = () => PrometheusTextFormatter.Format([Gauge(name, Sample(name, 1))]);

        format.Should().Throw<ArgumentException>().WithMessage("*metric name*");
    }

    [Theory]
    [InlineData("has:colon")]
    [InlineData("__reserved")]
    [InlineData("9lives")]
    public void An_invalid_label_name_is_refused(string label)
    {
        var format = () => PrometheusTextFormatter.Format([Gauge("g", Sample("g", 1, new MetricLabel(label, "x")))]);

        format.Should().Throw<ArgumentException>().WithMessage("*label name*");
    }

    [Fact]
    public void A_repeated_label_name_in_one_sample_is_refused()
    {
        var format = () => PrometheusTextFormatter.Format([Gauge("g", Sample("g", 1, new("a", "1"), new("a", "2")))]);

        format.Should().Throw<ArgumentException>().WithMessage("*repeated*");
    }

    [Fact]
    public void A_family_given_twice_is_refused()
    {
        var format = () => PrometheusTextFormatter.Format([Gauge("g", Sample("g", 1)), Gauge("g", Sample("g", 2))]);

        format.Should().Throw<ArgumentException>().WithMessage("*twice*");
    }

    [Fact]
    public void A_sample_named_for_another_family_is_refused()
    {
        var format = () => PrometheusTextFormatter.Format([Gauge("g", Sample("g_bucket", 1))]);

        format.Should().Throw<ArgumentException>().WithMessage("*does not belong*");
    }
}
