namespace Tunmux.Daemon.Tests.Metrics.Exposition;

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4, written for these tests: it refuses
/// anything our formatter should never produce (blank lines, free comments, CR, a sample
/// before its TYPE, a family split in two, duplicate series, broken histograms).
/// </summary>
public static class ExpositionParser
{
    private static readonly HashSet<string> _types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static ParsedExposition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new ExpositionException(0, "the text must end with a newline");
        }

        var families = new List<ParsedFamily>();
        var seriesSeen = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Length == 0 ? [] : text[..^1].Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            ParseLine(lines[i], i + 1, families, seriesSeen);
        }

        foreach (var family in families)
        {
            FamilyRules.Check(family);
        }

        return new ParsedExposition(families);
    }

    private static void ParseLine(string line, int number, List<ParsedFamily> families, HashSet<string> seriesSeen)
    {
        if (line.Length == 0 || line.Contains('\r', StringComparison.Ordinal))
        {
            throw new ExpositionException(number, "blank line or carriage return");
        }

        if (line.StartsWith('#'))
        {
            ParseComment(line, number, families);
            return;
        }

        var sample = SampleLineParser.Parse(line, number);
        var current = families.Count > 0 ? families[^1] : null;
        if (current is null || current.Type is null || !current.Owns(sample.Name))
        {
            throw new ExpositionException(number, $"sample '{sample.Name}' does not follow the TYPE line of its family");
        }

        if (!seriesSeen.Add(sample.SeriesKey))
        {
            throw new ExpositionException(number, $"series {sample.SeriesKey} appears twice");
        }

        current.Samples.Add(sample);
    }

    private static void ParseComment(string line, int number, List<ParsedFamily> families)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || parts[0] != "#" || parts[1] is not ("HELP" or "TYPE") || !SampleLineParser.IsMetricName(parts[2]))
        {
            throw new ExpositionException(number, "only '# HELP name text' and '# TYPE name type' comments are expected");
        }

        var family = FamilyFor(parts[2], number, families);
        if (family.Samples.Count > 0)
        {
            throw new ExpositionException(number, $"{parts[1]} for '{family.Name}' comes after its samples");
        }

        if (parts[1] == "HELP")
        {
            family.Help = family.Help is null
                ? Unescape(parts.Length == 4 ? parts[3] : "", number)
                : throw new ExpositionException(number, $"second HELP for '{family.Name}'");
            return;
        }

        if (parts.Length != 4 || !_types.Contains(parts[3]))
        {
            throw new ExpositionException(number, $"TYPE for '{family.Name}' must name one of: {string.Join(", ", _types)}");
        }

        family.Type = family.Type is null ? parts[3] : throw new ExpositionException(number, $"second TYPE for '{family.Name}'");
    }

    // The family a HELP/TYPE line speaks of: the current one, or a new one never seen before.
    private static ParsedFamily FamilyFor(string name, int number, List<ParsedFamily> families)
    {
        if (families.Count > 0 && families[^1].Name == name)
        {
            return families[^1];
        }

        if (families.Any(family => family.Name == name))
        {
            throw new ExpositionException(number, $"family '{name}' is split by another family");
        }

        var family = new ParsedFamily(name);
        families.Add(family);
        return family;
    }

    // HELP text escapes only backslash and newline.
    private static string Unescape(string help, int number)
    {
        var result = new System.Text.StringBuilder();
        for (var i = 0; i < help.Length; i++)
        {
            if (help[i] != '\\')
            {
                result.Append(help[i]);
                continue;
            }

            result.Append(i + 1 < help.Length ? help[++i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                var other => throw new ExpositionException(number, $"invalid escape '\\{other}' in HELP"),
            } : throw new ExpositionException(number, "HELP ends with a lone backslash"));
        }

        return result.ToString();
    }
}
