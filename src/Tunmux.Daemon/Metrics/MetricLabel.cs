namespace Tunmux.Daemon.Metrics;

/// <summary>One label of a sample, e.g. <c>tunnel="home"</c>.</summary>
public readonly record struct MetricLabel(string Name, string Value);
