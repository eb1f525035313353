namespace Tunmux.Api.Loading;

/// <summary>"Did you mean" for misspelt field names, kinds and enum values.</summary>
internal static class Suggestions
{
    /// <summary>The candidate closest to <paramref name="input"/>, or null when none is close enough to be a typo.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        var lowered = input.ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var other = candidate.ToLowerInvariant();
            var distance = other.Contains(lowered, StringComparison.Ordinal) && lowered.Length >= 3
                ? 1
                : Distance(lowered, other);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        var allowed = input.Length >= 5 ? 2 : 1;
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>" (did you mean "x"?)" or nothing.</summary>
    public static string Hint(string input, IEnumerable<string> candidates) =>
        Closest(input, candidates) is { } match ? $" (did you mean \"{match}\"?)" : "";

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
