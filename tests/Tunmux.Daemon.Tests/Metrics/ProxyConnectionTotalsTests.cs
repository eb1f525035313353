using Tunmux.Core.Observed;
using Tunmux.Core.State;
using Tunmux.Daemon.Metrics;

namespace Tunmux.Daemon.Tests.Metrics;

/// <summary>Issue #4: tunmux_proxy_connections_total never goes backwards when a worker is replaced.</summary>
public sealed class ProxyConnectionTotalsTests
{
    private static readonly ProcessRef First = new(100, 1);
    private static readonly ProcessRef Second = new(200, 2);
    private readonly ProxyConnectionTotals _totals = new();

    [Fact]
    public void One_worker_s_count_is_the_total()
    {
        _totals.Add("web", new ProxyConnectionCounts(First, 1, 5)).Should().Be(5);
        _totals.Add("web", new ProxyConnectionCounts(First, 0, 9)).Should().Be(9);
    }

    [Fact]
    public void A_new_worker_counts_on_top_of_the_old_one_s_last_count()
    {
        _totals.Add("web", new ProxyConnectionCounts(First, 2, 40));

        _totals.Add("web", new ProxyConnectionCounts(Second, 0, 0)).Should().Be(40);
        _totals.Add("web", new ProxyConnectionCounts(Second, 1, 3)).Should().Be(43);
    }

    [Fact]
    public void A_new_worker_already_past_the_old_count_is_still_added_not_mistaken_for_the_old_one()
    {
        _totals.Add("web", new ProxyConnectionCounts(First, 0, 10));

        _totals.Add("web", new ProxyConnectionCounts(Second, 0, 25)).Should().Be(35);
    }

    [Fact]
    public void A_smaller_count_from_the_same_worker_does_not_lower_the_total()
    {
        _totals.Add("web", new ProxyConnectionCounts(First, 0, 10));

        _totals.Add("web", new ProxyConnectionCounts(First, 0, 4)).Should().Be(10);
    }

    [Fact]
    public void Proxies_are_counted_apart_and_a_removed_one_starts_again_from_zero()
    {
        _totals.Add("web", new ProxyConnectionCounts(First, 0, 10));
        _totals.Add("mail", new ProxyConnectionCounts(Second, 0, 3));

        _totals.RetainOnly(new HashSet<string> { "mail" });

        _totals.Add("web", new ProxyConnectionCounts(new ProcessRef(300, 3), 0, 1)).Should().Be(1);
        _totals.Add("mail", new ProxyConnectionCounts(Second, 0, 4)).Should().Be(4);
    }
}
