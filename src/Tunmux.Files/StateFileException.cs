namespace Tunmux.Files;

/// <summary>A state file that cannot be written or read safely; the message never quotes its content.</summary>
public sealed class StateFileException(string message) : IOException(message);
