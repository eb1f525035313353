namespace Tunmux.Core.PortForwarding;

/// <summary>Runs the user's program for a port change.</summary>
public interface IPortHook
{
    /// <summary>Null when the hook succeeded, else why it failed (never fatal to the keeper).</summary>
    Task<string?> RunAsync(PortChange change, CancellationToken cancellationToken);
}
