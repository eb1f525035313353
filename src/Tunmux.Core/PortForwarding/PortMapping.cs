namespace Tunmux.Core.PortForwarding;

/// <summary>One successful mapping round: the public port the gateway forwards and for how long.</summary>
public sealed record PortMapping(int Port, TimeSpan Lifetime);
