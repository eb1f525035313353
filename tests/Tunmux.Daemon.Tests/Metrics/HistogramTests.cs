using Tunmux.Daemon.Metrics;

namespace Tunmux.Daemon.Tests.Metrics;

public sealed class HistogramTests
{
    private readonly MetricsRegistry _registry = new();

    [Fact]
    public void Buckets_are_cumulative_and_a_bound_includes_values_equal_to_it()
    {
        var histogram = _registry.CreateHistogram("h_seconds", "Help.", [1, 2, 5]);
        foreach (var value in new[] { 0.5, 1, 1.5, 2, 7 })
        {
            histogram.WithLabels().Observe(value);
        }

        var scraped = Scrape.Of(_registry);

        var buckets = new[] { "1", "2", "5", "+Inf" }.Select(le => scraped.Value("h_seconds_bucket", ("le", le)));
        buckets.Should().Equal(2, 4, 4, 5);
        scraped.Value("h_seconds_sum").Should().Be(12);
        scraped.Value("h_seconds_count").Should().Be(5);
    }

    [Fact]
    public void Each_labelled_series_has_its_own_buckets()
    {
        var histogram = _registry.CreateHistogram("h_seconds", "Help.", [1], "tunnel");
        histogram.WithLabels("a").Observe(0.5);
        histogram.WithLabels("b").Observe(3);

        var scraped = Scrape.Of(_registry);

        scraped.Value("h_seconds_bucket", ("tunnel", "a"), ("le", "1")).Should().Be(1);
        scraped.Value("h_seconds_bucket", ("tunnel", "b"), ("le", "1")).Should().Be(0);
        scraped.Value("h_seconds_count", ("tunnel", "b")).Should().Be(1);
    }

    [Fact]
    public void Null_buckets_mean_the_prometheus_defaults()
    {
        var histogram = _registry.CreateHistogram("h_seconds", "Help.", null);

        histogram.UpperBounds.Should().Equal(Histogram.DefaultBuckets);
        Scrape.Of(_registry).Samples.Count(sample => sample.Name == "h_seconds_bucket").Should().Be(Histogram.DefaultBuckets.Count + 1);
    }

    [Fact]
    public void A_trailing_infinite_bound_is_accepted_and_not_written_twice()
    {
        _registry.CreateHistogram("h_seconds", "Help.", [1, double.PositiveInfinity]);

        Scrape.Of(_registry).Samples.Where(sample => sample.Name == "h_seconds_bucket").Select(sample => sample.Labels["le"])
            .Should().Equal("1", "+Inf");
    }

    [Theory]
    [InlineData(new[] { 2.0, 1.0 })]
    [InlineData(new[] { 1.0, 1.0 })]
    [InlineData(new[] { double.NaN })]
    [InlineData(new[] { double.NegativeInfinity, 1.0 })]
    [InlineData(new[] { double.PositiveInfinity, 1.0 })]
    public void Bounds_that_are_not_finite_and_strictly_increasing_are_refused(double[] bounds)
    {
        var create = () => _registry.CreateHistogram("h_seconds", "Help.", bounds);

        create.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Observing_nan_is_refused()
    {
        var child = _registry.CreateHistogram("h_seconds", "Help.", null).WithLabels();

        var observe = () => child.Observe(double.NaN);

        observe.Should().Throw<ArgumentOutOfRangeException>();
        child.Count.Should().Be(0);
    }
}
