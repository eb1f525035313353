namespace Tunmux.Linux.Netns;

/// <summary>A network namespace could not be entered (missing, not a namespace, or no privilege).</summary>
public sealed class NetworkNamespaceException(string message) : IOException(message);
