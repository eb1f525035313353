using Tunmux.Proxy.Connections;

namespace Tunmux.Proxy.Tests.Server;

public sealed class ProxyOutcomeTests
{
    [Fact]
    public void Every_outcome_has_a_logged_word_of_its_own()
    {
        var words = Enum.GetValues<ProxyOutcome>().Select(o => o.Text()).ToList();
        words.Should().OnlyHaveUniqueItems().And.OnlyContain(w => w.Length > 0 && w == w.ToLowerInvariant() && !w.Contains(' ', StringComparison.Ordinal));
        ProxyOutcome.NameNotResolved.Text().Should().Be("name-not-resolved", "the words stay what access logs and dashboards already read");
    }
}
