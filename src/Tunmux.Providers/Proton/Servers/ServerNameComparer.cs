namespace Tunmux.Providers.Proton.Servers;

/// <summary>Orders names like "US#9" before "US#10": the part before '#' as text, the number after it as a number.</summary>
public sealed class ServerNameComparer : IComparer<string>
{
    public static readonly ServerNameComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var (xPrefix, xNumber) = Split(x);
        var (yPrefix, yNumber) = Split(y);
        var byPrefix = string.Compare(xPrefix, yPrefix, StringComparison.OrdinalIgnoreCase);
        if (byPrefix != 0)
        {
            return byPrefix;
        }

        if (xNumber is { } xn && yNumber is { } yn && xn != yn)
        {
            return xn.CompareTo(yn);
        }

        return string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
    }

    private static (string Prefix, long? Number) Split(string name)
    {
        var hash = name.LastIndexOf('#');
        return hash >= 0 && long.TryParse(name.AsSpan(hash + 1), out var number)
            ? (name[..hash], number)
            : (name, null);
    }
}
