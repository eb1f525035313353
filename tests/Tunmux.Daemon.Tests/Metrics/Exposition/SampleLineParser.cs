using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tunmux.Daemon.Tests.Metrics.Exposition;

/// <summary>
/// One sample line, strictly: <c>name[{label="value",...}] value [timestamp]</c>, single spaces,
/// no trailing comma, escapes in label values limited to \\ \" \n.
/// </summary>
internal static partial class SampleLineParser
{
    public static ParsedSample Parse(string line, int lineNumber)
    {
        var position = 0;
        var name = ReadName(line, ref position, allowColon: true) ?? throw Error(lineNumber, "a sample must start with a metric name");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            ReadLabels(line, ref position, labels, lineNumber);
        }

        if (position >= line.Length || line[position] != ' ')
        {
            throw Error(lineNumber, "expected one space before the value");
        }

        var fields = line[(position + 1)..].Split(' ');
        if (fields.Length > 2 || fields.Any(field => field.Length == 0))
        {
            throw Error(lineNumber, "expected 'value' or 'value timestamp' after the labels, separated by single spaces");
        }

        if (fields.Length == 2 && !long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw Error(lineNumber, $"timestamp '{fields[1]}' is not an integer");
        }

        return new ParsedSample(name, labels, ParseValue(fields[0], lineNumber), lineNumber);
    }

    public static double ParseValue(string text, int lineNumber) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when Decimal().IsMatch(text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw Error(lineNumber, $"'{text}' is not a float"),
    };

    public static bool IsMetricName(string text)
    {
        var position = 0;
        return ReadName(text, ref position, allowColon: true) is not null && position == text.Length;
    }

    private static void ReadLabels(string line, ref int position, Dictionary<string, string> labels, int lineNumber)
    {
        if (position < line.Length && line[position] == '}')
        {
            position++;
            return;
        }

        while (true)
        {
            var labelName = ReadName(line, ref position, allowColon: false) ?? throw Error(lineNumber, "expected a label name");
            if (labelName.StartsWith("__", StringComparison.Ordinal))
            {
                throw Error(lineNumber, $"label name '{labelName}' is reserved");
            }

            if (position + 1 >= line.Length || line[position] != '=' || line[position + 1] != '"')
            {
                throw Error(lineNumber, $"expected =\" after label '{labelName}'");
            }

            position += 2;
            if (!labels.TryAdd(labelName, ReadQuoted(line, ref position, lineNumber)))
            {
                throw Error(lineNumber, $"label '{labelName}' appears twice");
            }

            if (position < line.Length && line[position] == '}')
            {
                position++;
                return;
            }

            if (position >= line.Length - 1 || line[position] != ',' || line[position + 1] == '}')
            {
                throw Error(lineNumber, "expected ',' and another label, or '}'");
            }

            position++;
        }
    }

    private static string ReadQuoted(string line, ref int position, int lineNumber)
    {
        var value = new StringBuilder();
        while (position < line.Length)
        {
            var c = line[position++];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            var escaped = position < line.Length ? line[position++] : '\0';
            value.Append(escaped switch
            {
                '\\' => '\\',
                '"' => '"',
                'n' => '\n',
                _ => throw Error(lineNumber, $"invalid escape '\\{escaped}' in a label value"),
            });
        }

        throw Error(lineNumber, "unterminated label value");
    }

    private static string? ReadName(string line, ref int position, bool allowColon)
    {
        var start = position;
        while (position < line.Length)
        {
            var c = line[position];
            var ok = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (position > start && char.IsAsciiDigit(c));
            if (!ok)
            {
                break;
            }

            position++;
        }

        return position > start ? line[start..position] : null;
    }

    private static ExpositionException Error(int line, string message) => new(line, message);

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")]
    private static partial Regex Decimal();
}
