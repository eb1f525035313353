using System.Globalization;

namespace Tunmux.Daemon.Metrics;

/// <summary>Floats as the text format spells them: culture-free, shortest round-trip, +Inf/-Inf/NaN.</summary>
public static class PrometheusFloat
{
    public static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
