namespace Tunmux.Daemon.Control.Client;

/// <summary>The daemon answered, and refused: <see cref="Code"/> says why (see <see cref="ControlErrorCodes"/>).</summary>
public sealed class DaemonCallException(string? code, string message) : Exception(message)
{
    public string? Code { get; } = code;
}
