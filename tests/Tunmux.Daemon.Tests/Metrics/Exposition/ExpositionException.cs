namespace Tunmux.Daemon.Tests.Metrics.Exposition;

/// <summary>The exposition broke a rule of the text format; <see cref="Line"/> is 1-based (0: the whole text).</summary>
public sealed class ExpositionException(int line, string message)
    : Exception(line > 0 ? $"line {line}: {message}" : message)
{
    public int Line { get; } = line;
}
