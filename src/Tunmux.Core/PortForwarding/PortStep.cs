namespace Tunmux.Core.PortForwarding;

/// <summary>The keeper's state after a mapping round, and the hook call it asks for, if any.</summary>
public sealed record PortStep(ForwardedPortState State, PortChange? Hook);
