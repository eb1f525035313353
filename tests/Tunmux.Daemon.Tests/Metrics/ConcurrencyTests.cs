using Tunmux.Daemon.Metrics;

namespace Tunmux.Daemon.Tests.Metrics;

public sealed class ConcurrencyTests
{
    private const int Threads = 8;
    private const int PerThread = 50_000;

    private static void RunTogether(Action<int> work)
    {
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads)
            .Select(index => new Thread(() =>
            {
                start.SignalAndWait();
                work(index);
            }))
            .ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
    }

    [Fact]
    public void Many_threads_incrementing_one_counter_lose_no_increment()
    {
        var registry = new MetricsRegistry();
        var counter = registry.CreateCounter("hits_total", "Help.", "tunnel");

        // Each thread looks the child up itself, so creating the child races too.
        RunTogether(_ =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                counter.WithLabels("home").Increment();
            }
        });

        Scrape.Of(registry).Value("hits_total", ("tunnel", "home")).Should().Be(Threads * PerThread);
    }

    [Fact]
    public void Balanced_gauge_changes_from_many_threads_end_where_they_started()
    {
        var child = new MetricsRegistry().CreateGauge("active", "Help.").WithLabels();

        RunTogether(index =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                child.Increment(index + 1);
                child.Decrement(index + 1);
            }
        });

        child.Value.Should().Be(0);
    }

    [Fact]
    public void Histogram_observations_from_many_threads_are_all_counted_and_summed()
    {
        var registry = new MetricsRegistry();
        var child = registry.CreateHistogram("h_seconds", "Help.", [0.5, 1.5]).WithLabels();

        RunTogether(index =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                child.Observe(index % 2 == 0 ? 1 : 2);
            }
        });

        var scraped = Scrape.Of(registry);
        scraped.Value("h_seconds_count").Should().Be(Threads * PerThread);
        scraped.Value("h_seconds_bucket", ("le", "1.5")).Should().Be(Threads / 2 * PerThread);
        scraped.Value("h_seconds_sum").Should().Be(Threads / 2 * PerThread * 3.0);
    }

    [Fact]
    public void Scrapes_taken_while_values_change_are_always_well_formed()
    {
        var registry = new MetricsRegistry();
        var histogram = registry.CreateHistogram("h_seconds", "Help.", [1], "tunnel");
        var counter = registry.CreateCounter("c_total", "Help.", "tunnel");
        var scrapes = 0;

        RunTogether(index =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                if (index == 0)
                {
                    // Throws if a scrape is malformed, e.g. _count out of step with the +Inf bucket.
                    Scrape.Of(registry);
                    scrapes++;
                    continue;
                }

                var tunnel = $"t{i % 10}";
                histogram.WithLabels(tunnel).Observe(i % 3);
                counter.WithLabels(tunnel).Increment();
                if (i % 7 == 0)
                {
                    counter.Remove(tunnel);
                }
            }
        });

        scrapes.Should().Be(2_000);
        Scrape.Of(registry).Samples.Where(sample => sample.Name == "h_seconds_count").Sum(sample => sample.Value)
            .Should().Be((Threads - 1) * 2_000);
    }
}
