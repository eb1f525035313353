namespace Tunmux.Core.PortForwarding;

/// <summary>What a hook is told: the tunnel, its new port, and the port the hook handled before (null the first time).</summary>
public sealed record PortChange(string Tunnel, int Port, int? PreviousPort);
