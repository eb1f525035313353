namespace Tunmux.Daemon.Control.Client;

/// <summary>The daemon could not be reached or did not answer properly; <see cref="Exception.Message"/> is for a person.</summary>
public sealed class ControlClientException(ControlClientFailure failure, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ControlClientFailure Failure { get; } = failure;
}
