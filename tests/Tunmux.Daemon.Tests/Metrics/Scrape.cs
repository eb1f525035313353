using Tunmux.Daemon.Metrics;
using Tunmux.Daemon.Tests.Metrics.Exposition;

namespace Tunmux.Daemon.Tests.Metrics;

internal static class Scrape
{
    /// <summary>Formats the registry and reads it back with the strict parser.</summary>
    public static ParsedExposition Of(MetricsRegistry registry) =>
        ExpositionParser.Parse(PrometheusTextFormatter.Format(registry.Collect()));
}
