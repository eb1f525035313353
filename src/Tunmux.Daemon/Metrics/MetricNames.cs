namespace Tunmux.Daemon.Metrics;

/// <summary>The Prometheus naming rules, checked when a metric is created and again when it is written.</summary>
public static class MetricNames
{
    /// <summary><c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(string? name) => IsValid(name, allowColon: true);

    /// <summary><c>[a-zA-Z_][a-zA-Z0-9_]*</c>; names starting with <c>__</c> are reserved for Prometheus itself.</summary>
    public static bool IsValidLabelName(string? name) =>
        IsValid(name, allowColon: false) && !name!.StartsWith("__", StringComparison.Ordinal);

    internal static void RequireMetricName(string name)
    {
        if (!IsValidMetricName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid Prometheus metric name.", nameof(name));
        }
    }

    internal static void RequireLabelName(string name)
    {
        if (!IsValidLabelName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid Prometheus label name.", nameof(name));
        }
    }

    private static bool IsValid(string? name, bool allowColon)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (i > 0 && char.IsAsciiDigit(c));
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
