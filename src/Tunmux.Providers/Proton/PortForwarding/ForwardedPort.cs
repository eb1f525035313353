namespace Tunmux.Providers.Proton.PortForwarding;

/// <summary>A public port the Proton server forwards to this tunnel (UDP and TCP), and until when.</summary>
public sealed record ForwardedPort(int Port, DateTimeOffset ExpiresAt);
