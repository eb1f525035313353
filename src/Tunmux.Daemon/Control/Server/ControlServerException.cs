namespace Tunmux.Daemon.Control.Server;

/// <summary>The control socket could not be set up (path taken, not a socket, no permission...).</summary>
public sealed class ControlServerException(string message, Exception? inner = null) : Exception(message, inner);
