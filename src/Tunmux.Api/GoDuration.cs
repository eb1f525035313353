using System.Globalization;
using System.Text;

namespace Tunmux.Api;

/// <summary>
/// Durations as Go and Kubernetes write them: a sequence of number-unit pairs such as "168h", "1h30m"
/// or "90s" (units h, m, s; whole numbers only). Written back in the same compact form.
/// </summary>
public static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text.Length == 0)
        {
            return false;
        }

        var total = TimeSpan.Zero;
        var position = 0;
        while (position < text.Length)
        {
            var start = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            if (position == start || position == text.Length
                || !long.TryParse(text.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || number > 1_000_000)
            {
                return false;
            }

            var isMilliseconds = text.AsSpan(position).StartsWith("ms", StringComparison.Ordinal);
            var unit = isMilliseconds ? TimeSpan.FromMilliseconds(1) : text[position] switch
            {
                'h' => TimeSpan.FromHours(1),
                'm' => TimeSpan.FromMinutes(1),
                's' => TimeSpan.FromSeconds(1),
                _ => TimeSpan.Zero,
            };
            if (unit == TimeSpan.Zero)
            {
                return false;
            }

            position += isMilliseconds ? 2 : 1;

            total += unit * number;
        }

        value = total;
        return true;
    }

    /// <summary>"168h", "1h30m", "45s", "1s500ms"; zero is "0s". Parses back to the same value.</summary>
    public static string Format(TimeSpan value)
    {
        var milliseconds = (long)value.TotalMilliseconds;
        if (milliseconds == 0)
        {
            return "0s";
        }

        var seconds = milliseconds / 1000;
        var text = new StringBuilder();
        Append(text, seconds / 3600, "h");
        Append(text, seconds % 3600 / 60, "m");
        Append(text, seconds % 60, "s");
        Append(text, milliseconds % 1000, "ms");
        return text.ToString();
    }

    private static void Append(StringBuilder text, long amount, string unit)
    {
        if (amount > 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
