using Tunmux.Daemon.Metrics;

namespace Tunmux.Daemon.Tests.Metrics;

public sealed class MetricsRegistryTests
{
    private readonly MetricsRegistry _registry = new();

    [Fact]
    public void Refreshers_run_before_each_collection_so_the_scrape_sees_what_they_set()
    {
        var gauge = _registry.CreateGauge("outside_value", "Read from elsewhere at scrape time.");
        var reads = 0;
        _registry.AddRefresher(() => gauge.WithLabels().Set(++reads * 10));

        Scrape.Of(_registry).Value("outside_value").Should().Be(10);
        Scrape.Of(_registry).Value("outside_value").Should().Be(20);
    }

    [Fact]
    public void A_name_can_be_registered_only_once()
    {
        _registry.CreateCounter("jobs_total", "Jobs.");

        var again = () => _registry.CreateGauge("jobs_total", "Jobs again.");

        again.Should().Throw<InvalidOperationException>().WithMessage("*jobs_total*");
    }

    [Fact]
    public void A_histogram_also_owns_its_bucket_sum_and_count_names()
    {
        _registry.CreateHistogram("wait_seconds", "Wait.", null);

        var clash = () => _registry.CreateGauge("wait_seconds_count", "Clash.");

        clash.Should().Throw<InvalidOperationException>().WithMessage("*wait_seconds_count*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("0abc")]
    [InlineData("a-b")]
    [InlineData("a.b")]
    public void Invalid_metric_names_are_refused_at_creation(string name)
    {
        var create = () => _registry.CreateGauge(name, "Help.");

        create.Should().Throw<ArgumentException>().WithMessage("*metric name*");
    }

    [Theory]
    [InlineData("__name")]
    [InlineData("a:b")]
    [InlineData("a b")]
    public void Invalid_label_names_are_refused_at_creation(string label)
    {
        var create = () => _registry.CreateGauge("g", "Help.", label);

        create.Should().Throw<ArgumentException>().WithMessage("*label name*");
    }

    [Fact]
    public void A_label_name_given_twice_is_refused()
    {
        var create = () => _registry.CreateCounter("c_total", "Help.", "a", "a");

        create.Should().Throw<ArgumentException>().WithMessage("*twice*");
    }

    [Fact]
    public void A_histogram_cannot_have_its_own_le_label()
    {
        var create = () => _registry.CreateHistogram("h", "Help.", null, "le");

        create.Should().Throw<ArgumentException>().WithMessage("*reserved*");
    }

    [Fact]
    public void Label_values_must_match_the_label_names_in_number()
    {
        var counter = _registry.CreateCounter("c_total", "Help.", "a", "b");

        var tooFew = () => counter.WithLabels("x");

        tooFew.Should().Throw<ArgumentException>().WithMessage("*2 label(s)*1 value(s)*");
    }

    [Fact]
    public void A_metric_without_labels_is_exposed_as_zero_before_first_use()
    {
        _registry.CreateCounter("started_total", "Help.");

        Scrape.Of(_registry).Value("started_total").Should().Be(0);
    }

    [Fact]
    public void A_labelled_metric_shows_nothing_until_a_child_exists()
    {
        _registry.CreateGauge("g", "Help.", "tunnel");

        Scrape.Of(_registry).Families.Should().BeEmpty();
    }

    [Fact]
    public void The_same_label_values_always_give_the_same_child()
    {
        var counter = _registry.CreateCounter("c_total", "Help.", "tunnel");

        counter.WithLabels("home").Increment();
        counter.WithLabels("home").Increment(2);

        counter.WithLabels("home").Should().BeSameAs(counter.WithLabels("home"));
        Scrape.Of(_registry).Value("c_total", ("tunnel", "home")).Should().Be(3);
    }

    [Fact]
    public void Children_are_exposed_in_label_value_order_not_creation_order()
    {
        var gauge = _registry.CreateGauge("g", "Help.", "tunnel", "kind");
        gauge.WithLabels("b", "x").Set(1);
        gauge.WithLabels("a", "z").Set(2);
        gauge.WithLabels("a", "y").Set(3);

        var order = Scrape.Of(_registry).Samples.Select(sample => sample.Labels["tunnel"] + sample.Labels["kind"]);

        order.Should().Equal("ay", "az", "bx");
    }

    [Fact]
    public void Removing_a_child_hides_only_that_series()
    {
        var gauge = _registry.CreateGauge("g", "Help.", "tunnel");
        gauge.WithLabels("home").Set(1);
        gauge.WithLabels("work").Set(2);

        gauge.Remove("home").Should().BeTrue();
        gauge.Remove("home").Should().BeFalse();

        var scraped = Scrape.Of(_registry);
        scraped.Find("g", ("tunnel", "home")).Should().BeNull();
        scraped.Value("g", ("tunnel", "work")).Should().Be(2);
    }

    [Fact]
    public void A_child_recreated_after_removal_starts_from_zero()
    {
        var counter = _registry.CreateCounter("c_total", "Help.", "tunnel");
        counter.WithLabels("home").Increment(5);
        counter.Remove("home");

        counter.WithLabels("home").Increment();

        Scrape.Of(_registry).Value("c_total", ("tunnel", "home")).Should().Be(1);
    }

    [Fact]
    public void A_gauge_function_is_evaluated_at_each_scrape()
    {
        var source = 1.0;
        _registry.CreateGauge("g", "Help.").WithLabels().SetFunction(() => source);

        var first = Scrape.Of(_registry).Value("g");
        source = 7;
        var second = Scrape.Of(_registry).Value("g");

        (first, second).Should().Be((1.0, 7.0));
    }

    [Fact]
    public void Setting_a_gauge_replaces_its_function()
    {
        var child = _registry.CreateGauge("g", "Help.").WithLabels();
        child.SetFunction(() => 9);

        child.Set(4);

        Scrape.Of(_registry).Value("g").Should().Be(4);
    }

    [Fact]
    public void A_gauge_goes_up_and_down()
    {
        var child = _registry.CreateGauge("g", "Help.").WithLabels();

        child.Increment(3);
        child.Decrement();

        child.Value.Should().Be(2);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_counter_refuses_to_go_down_or_become_undefined(double amount)
    {
        var child = _registry.CreateCounter("c_total", "Help.").WithLabels();

        var increment = () => child.Increment(amount);

        increment.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_mirrored_counter_total_may_drop_when_its_source_resets()
    {
        var child = _registry.CreateCounter("rx_bytes_total", "Help.").WithLabels();
        child.SetTotal(1000);

        child.SetTotal(10);

        Scrape.Of(_registry).Value("rx_bytes_total").Should().Be(10);
    }

    [Fact]
    public void A_removed_metric_is_no_longer_collected()
    {
        _registry.CreateGauge("g", "Help.");

        _registry.Remove("g").Should().BeTrue();

        _registry.Collect().Should().BeEmpty();
    }
}
