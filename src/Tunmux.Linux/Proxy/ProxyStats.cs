using System.Globalization;

namespace Tunmux.Linux.Proxy;

/// <summary>
/// A proxy worker's connection counts as it writes them to its stats file, a few "key value"
/// lines: <c>pid</c> (which worker wrote them), <c>active</c> (connections open now) and
/// <c>total</c> (connections admitted since the worker started). Pure: formatting and parsing only.
/// </summary>
public sealed record ProxyStats(int Pid, long Active, long Total)
{
    private const string Header = "# tunmux proxy worker connection counts";

    public string Format() => string.Create(
        CultureInfo.InvariantCulture, $"{Header}\npid {Pid}\nactive {Active}\ntotal {Total}\n");

    /// <summary>
    /// Reads what <see cref="Format"/> wrote. Unknown keys are skipped (a newer worker may add
    /// some); a missing, repeated or non-numeric pid, active or total makes the whole file unusable
    /// (null), since half-trusted counts would corrupt a counter.
    /// </summary>
    public static ProxyStats? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || parts[0] is not ("pid" or "active" or "total"))
            {
                continue;
            }

            if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || !values.TryAdd(parts[0], value))
            {
                return null;
            }
        }

        return values.TryGetValue("pid", out var pid) && pid is > 0 and <= int.MaxValue
            && values.TryGetValue("active", out var active)
            && values.TryGetValue("total", out var total)
            && active <= total
                ? new ProxyStats((int)pid, active, total)
                : null;
    }
}
