using System.Globalization;
using System.Net;

namespace Tunmux.Bench;

/// <summary>"--name value" pairs and bare "--flag"s after the command word; unknown names are an error.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private BenchArgs(string command) => Command = command;

    public string Command { get; }

    public static BenchArgs Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ArgumentException("usage: tunmux-bench run|table [--option value]...");
        }

        var parsed = new BenchArgs(args[0]);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            parsed._values[args[i][2..]] = hasValue ? args[++i] : null;
        }

        return parsed;
    }

    public string Text(string name, string? fallback = null)
    {
        _read.Add(name);
        if (_values.TryGetValue(name, out var value) && value is not null)
        {
            return value;
        }

        return fallback ?? throw new ArgumentException($"--{name} is required");
    }

    public string? Optional(string name)
    {
        _read.Add(name);
        return _values.GetValueOrDefault(name);
    }

    public long Number(string name, long fallback) =>
        Optional(name) is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public double Seconds(string name, double fallback) =>
        Optional(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name)
    {
        _read.Add(name);
        return _values.ContainsKey(name);
    }

    public IPEndPoint EndPoint(string name) => IPEndPoint.Parse(Text(name));

    /// <summary>Call after reading every option: a misspelt option must not be silently ignored.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}
