namespace Tunmux.Linux.WireGuard;

/// <summary>The requested WireGuard backend cannot run on this machine; the message says what to install.</summary>
public sealed class BackendUnavailableException(string message) : InvalidOperationException(message);
