namespace Tunmux.Core.State;

/// <summary>
/// A running port keeper: its process and the file where it reports the forwarded port. Named
/// after its tunnel. Holds no secrets.
/// </summary>
public sealed record PortForwardRecord(
    string Name,
    string SpecHash,
    ProcessRef Process,
    string StateFile,
    DateTimeOffset CreatedAt);
